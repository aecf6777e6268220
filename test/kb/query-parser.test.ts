import { expect } from 'chai';
import { parseQuery } from '../../kb/query-parser';
import { shopSynonyms } from '../../kb/shop-synonyms';

function negatedWords(text: string): string[] {
  return parseQuery(text, shopSynonyms)
    .words.filter((word) => word.negated)
    .map((word) => word.word);
}

describe('parseQuery', () => {
  it('keeps content words with their stems and drops stop words', () => {
    const { words } = parseQuery('How do I cancel my orders?', shopSynonyms);
    expect(words.map((word) => [word.word, word.stem])).to.deep.equal([
      ['cancel', 'cancel'],
      ['orders', 'order'],
    ]);
  });

  it('negates the words between "not" and "but"', () => {
    expect(negatedWords('not the refund but the exchange')).to.deep.equal(['refund']);
  });

  it('negates the words after "instead of" up to the end of the clause', () => {
    expect(negatedWords('I want an exchange instead of a refund, please')).to.deep.equal(['refund']);
  });

  it('negates the words after "rather than"', () => {
    expect(negatedWords('store credit rather than money back')).to.deep.equal(['money', 'back']);
  });

  it('reads a contracted "don\'t … but" as negation', () => {
    expect(negatedWords("I don't want a refund but an exchange")).to.deep.equal(['refund']);
  });

  it('does not negate a description of the problem such as "not working"', () => {
    expect(negatedWords('the earbuds are not working but they are charged')).to.deep.equal([]);
  });

  it('does not negate when no contrast follows the "not"', () => {
    expect(negatedWords('my refund has not arrived')).to.deep.equal([]);
  });

  it('reports the synonym groups of phrases outside negated parts', () => {
    const { phraseGroups } = parseQuery('I want my money back', shopSynonyms);
    const refundGroup = shopSynonyms.groupsOf('refund')[0];
    expect(phraseGroups).to.deep.equal([refundGroup]);
  });
});
