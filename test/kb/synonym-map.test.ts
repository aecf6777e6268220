import { expect } from 'chai';
import { SynonymMap } from '../../kb/synonym-map';

describe('SynonymMap', () => {
  const synonyms = new SynonymMap([
    ['parcel', 'package', 'order'],
    ['refund', 'money back'],
    ['broken', 'not working', 'not working at all'],
  ]);

  describe('groupsOf', () => {
    it('finds the groups of a stemmed single word', () => {
      expect(synonyms.groupsOf('packag')).to.deep.equal([0]);
      expect(synonyms.groupsOf('invoic')).to.deep.equal([]);
    });
  });

  describe('stemsOf', () => {
    it('lists the content stems of every member, phrase words included', () => {
      expect(synonyms.stemsOf(1)).to.deep.equal(['refund', 'monei', 'back']);
      expect(synonyms.stemsOf(2)).to.deep.equal(['broken', 'work', 'all']);
    });
  });

  describe('findPhrases', () => {
    it('finds the longest phrase at each position without overlaps', () => {
      const matches = synonyms.findPhrases(['it', 'is', 'not', 'work', 'at', 'all']);
      expect(matches).to.deep.equal([{ start: 2, end: 6, group: 2 }]);
      expect(synonyms.findPhrases(['my', 'monei', 'back', 'pleas'])).to.deep.equal([{ start: 1, end: 3, group: 1 }]);
    });

    it('finds nothing in a sequence without phrases', () => {
      expect(synonyms.findPhrases(['monei', 'order'])).to.deep.equal([]);
    });
  });
});
