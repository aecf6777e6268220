import { expect } from 'chai';
import { Bm25fIndex, type FieldStems } from '../../kb/bm25f-index';
import { ScoreBoard } from '../../kb/score-board';

function doc(fields: Partial<FieldStems>): FieldStems {
  return { title: [], tags: [], summary: [], body: [], ...fields };
}

function scores(index: Bm25fIndex, terms: { stem: string; weight: number }[]): number[] {
  const board = new ScoreBoard(index.size);
  index.accumulate(terms, board);
  const result = new Array<number>(index.size).fill(0);
  for (const id of board.touchedIds()) result[id] = board.scores[id];
  return result;
}

describe('Bm25fIndex', () => {
  const index = new Bm25fIndex([
    doc({ title: ['refund'], body: ['monei', 'back'] }),
    doc({ body: ['refund', 'exchang'] }),
    doc({ title: ['exchang'], body: ['size', 'colour'] }),
  ]);

  describe('accumulate', () => {
    it('scores a title match above a body match of the same term', () => {
      const [titleMatch, bodyMatch, none] = scores(index, [{ stem: 'refund', weight: 1 }]);
      expect(titleMatch).to.be.greaterThan(bodyMatch);
      expect(bodyMatch).to.be.greaterThan(0);
      expect(none).to.equal(0);
    });

    it('subtracts for negatively weighted terms', () => {
      const [refundTitle] = scores(index, [{ stem: 'refund', weight: -0.5 }]);
      expect(refundTitle).to.be.lessThan(0);
    });

    it('ignores terms no document contains', () => {
      expect(scores(index, [{ stem: 'klarna', weight: 1 }])).to.deep.equal([0, 0, 0]);
    });
  });

  describe('idf', () => {
    it('is higher for rarer terms', () => {
      expect(index.idf('size')).to.be.greaterThan(index.idf('refund'));
      expect(index.documentFrequency('refund')).to.equal(2);
      expect(index.has('klarna')).to.equal(false);
    });
  });
});
