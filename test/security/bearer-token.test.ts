import { expect } from 'chai';
import { bearerToken } from '../../bot/bearer-token';

describe('bearerToken', () => {
  it('reads the token after the scheme in any case and after any number of spaces', () => {
    for (const header of ['Bearer abc.def-_~+/=', 'bearer abc.def-_~+/=', 'BEARER   abc.def-_~+/=']) {
      expect(bearerToken(header), header).to.equal('abc.def-_~+/=');
    }
  });

  it('finds no token in a missing, empty, other-scheme or whitespace-carrying header', () => {
    for (const header of [
      undefined,
      '',
      'Bearer',
      'Bearer ',
      'Basic abc',
      'Bearerabc',
      'Bearer a b',
      'Bearer\tabc',
      ' Bearer abc',
      'Bearer abc ',
    ]) {
      expect(bearerToken(header), JSON.stringify(header)).to.equal(undefined);
    }
  });
});
