import { expect } from 'chai';

import { InputError, parseLabelledCsv } from '../../nlu';

describe('parseLabelledCsv', () => {
  it('reads text,intent rows', () => {
    expect(parseLabelledCsv('text,intent\nhello,greeting\n')).to.deep.equal([{ text: 'hello', intent: 'greeting' }]);
  });

  it('accepts utterance and category/label columns in any order', () => {
    expect(parseLabelledCsv('category,utterance\nthanks,thank you\n')).to.deep.equal([{ text: 'thank you', intent: 'thanks' }]);
    expect(parseLabelledCsv('Utterance,Label\nbye,goodbye\n')).to.deep.equal([{ text: 'bye', intent: 'goodbye' }]);
  });

  it('reads out_of_scope rows as oos', () => {
    expect(parseLabelledCsv('text,intent\ntell me a joke,out_of_scope\n')[0].intent).to.equal('oos');
  });

  it('raises an InputError for a missing column, an empty file or an empty text', () => {
    expect(() => parseLabelledCsv('message,intent\nhi,greeting\n')).to.throw(InputError, /missing column/);
    expect(() => parseLabelledCsv('')).to.throw(InputError, /empty/);
    expect(() => parseLabelledCsv('text,intent\n,greeting\n')).to.throw(InputError, /line 2: empty text/);
  });
});
