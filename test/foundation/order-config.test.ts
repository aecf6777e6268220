import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../bot/config';

describe('loadConfig: order status and shop identity', () => {
  it('defaults to the demo shop’s order number formats and product list, and no identity secret', () => {
    const config = loadConfig({});
    expect(config.orderNumberFormats).to.deep.equal(['PP-999999', 'PP999999', '#999999', 'order 999999']);
    expect(config.productCatalogue).to.match(/nlu[/\\]data[/\\]products\.txt$/);
    expect(config.shopIdentitySecret).to.equal(undefined);
  });

  it('reads a shop’s own formats, trimmed', () => {
    expect(loadConfig({ ORDER_NUMBER_FORMATS: ' SO/9999-99 , SO999999 ' }).orderNumberFormats).to.deep.equal(['SO/9999-99', 'SO999999']);
  });

  it('refuses formats with different digit places, or with characters a mask does not allow, naming the variable', () => {
    for (const formats of ['PP-999999,#99999', 'PP-(999999)', 'PP-99']) {
      expect(() => loadConfig({ ORDER_NUMBER_FORMATS: formats }), formats)
        .to.throw(ConfigError)
        .with.property('message')
        .that.matches(/ORDER_NUMBER_FORMATS: /);
    }
  });

  it('refuses a SHOP_IDENTITY_SECRET shorter than 32 characters', () => {
    expect(() => loadConfig({ SHOP_IDENTITY_SECRET: 'too-short' })).to.throw(
      ConfigError,
      /SHOP_IDENTITY_SECRET: must be at least 32 characters/,
    );
    expect(loadConfig({ SHOP_IDENTITY_SECRET: 'x'.repeat(32) }).shopIdentitySecret).to.equal('x'.repeat(32));
  });
});
