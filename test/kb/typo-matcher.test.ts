import { expect } from 'chai';
import { editDistanceAtMostOne, TypoMatcher } from '../../kb/typo-matcher';

describe('TypoMatcher', () => {
  const matcher = new TypoMatcher(['refund', 'return', 'cancel', 'address', 'password', 'parcel', 'pan']);

  describe('candidates', () => {
    it('finds a word with one letter missing, extra, replaced or swapped', () => {
      expect(matcher.candidates('refnd')).to.deep.equal(['refund']);
      expect(matcher.candidates('adresss')).to.deep.equal([]);
      expect(matcher.candidates('addresss')).to.deep.equal(['address']);
      expect(matcher.candidates('pasword')).to.deep.equal(['password']);
      expect(matcher.candidates('parcal')).to.deep.equal(['parcel']);
      expect(matcher.candidates('retrun')).to.deep.equal(['return']);
      expect(matcher.candidates('cancle')).to.deep.equal(['cancel']);
    });

    it('finds nothing two edits away', () => {
      expect(matcher.candidates('rfnd')).to.deep.equal([]);
    });

    it('leaves short words and numbers alone', () => {
      expect(matcher.candidates('pam')).to.deep.equal([]);
      expect(matcher.candidates('2046')).to.deep.equal([]);
    });

    it('does not offer the word itself', () => {
      expect(matcher.candidates('refund')).to.deep.equal([]);
    });
  });
});

describe('editDistanceAtMostOne', () => {
  it('accepts equal words and single edits', () => {
    expect(editDistanceAtMostOne('order', 'order')).to.equal(true);
    expect(editDistanceAtMostOne('order', 'ordr')).to.equal(true);
    expect(editDistanceAtMostOne('order', 'orders')).to.equal(true);
    expect(editDistanceAtMostOne('order', 'ordet')).to.equal(true);
    expect(editDistanceAtMostOne('order', 'oredr')).to.equal(true);
  });

  it('refuses two edits', () => {
    expect(editDistanceAtMostOne('order', 'odrr')).to.equal(false);
    expect(editDistanceAtMostOne('order', 'ord')).to.equal(false);
    expect(editDistanceAtMostOne('order', 'redro')).to.equal(false);
    expect(editDistanceAtMostOne('order', 'oredrs')).to.equal(false);
  });
});
