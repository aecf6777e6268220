import { expect } from 'chai';

import { extractEntities } from '../../nlu';

function found(text: string, type: string): string[] {
  return extractEntities(text)
    .filter((e) => e.type === type)
    .map((e) => e.value);
}

describe('extractEntities in German and Chinese', () => {
  it('finds order numbers and e-mails inside Chinese text', () => {
    expect(found('我的订单PP-123456在哪里', 'order_number')).to.deep.equal(['PP-123456']);
    expect(found('邮箱是anna@example.com谢谢', 'email')).to.deep.equal(['anna@example.com']);
  });

  it('finds amounts with a decimal comma or point and the currency before or after', () => {
    expect(found('Ich habe 49,90 € bezahlt', 'money')).to.deep.equal(['49,90 €']);
    expect(found('Es waren € 49.90', 'money')).to.deep.equal(['€ 49.90']);
    expect(found('Es kostet 49,90 Euro', 'money')).to.deep.equal(['49,90 Euro']);
    expect(found('我付了49.90欧元', 'money')).to.deep.equal(['49.90欧元']);
    expect(found('退我100元', 'money')).to.deep.equal(['100元']);
  });

  it('finds German dates', () => {
    expect(found('Geliefert am 3. Dezember', 'date')).to.deep.equal(['3. Dezember']);
    expect(found('Bestellt am 03.12. und nie angekommen', 'date')).to.deep.equal(['03.12.']);
    expect(found('Kommt das Paket morgen?', 'date')).to.deep.equal(['morgen']);
    expect(found('Ich war gestern nicht zu Hause', 'date')).to.deep.equal(['gestern']);
    expect(found('Bitte nächste Woche liefern', 'date')).to.deep.equal(['nächste Woche']);
  });

  it('does not take "Guten Morgen" for a date', () => {
    expect(found('Guten Morgen, wo ist mein Paket?', 'date')).to.deep.equal([]);
  });

  it('finds Chinese dates', () => {
    expect(found('我12月3日下的单', 'date')).to.deep.equal(['12月3日']);
    expect(found('2026年12月3日到货了吗', 'date')).to.deep.equal(['2026年12月3日']);
    expect(found('明天能到吗', 'date')).to.deep.equal(['明天']);
    expect(found('下周一送货可以吗', 'date')).to.deep.equal(['下周一']);
  });

  it('keeps finding English amounts and dates', () => {
    expect(found('I paid $25.50 tomorrow', 'money')).to.deep.equal(['$25.50']);
    expect(found('I paid $25.50 tomorrow', 'date')).to.deep.equal(['tomorrow']);
  });
});
