import { expect } from 'chai';
import { RecentWrites } from '../../bot/recent-writes';

describe('RecentWrites', () => {
  describe('isCurrent', () => {
    it('is true for the value written under the key within the maximum age only', () => {
      const writes = new RecentWrites(60_000);
      writes.remember('customer-1', 'Casey', 1_000);
      expect(writes.isCurrent('customer-1', 'Casey', 60_999)).to.equal(true);
      expect(writes.isCurrent('customer-1', 'Casey', 61_000), 'too old').to.equal(false);
      expect(writes.isCurrent('customer-1', 'Casey B.', 2_000), 'another value').to.equal(false);
      expect(writes.isCurrent('customer-2', 'Casey', 2_000), 'another key').to.equal(false);
    });

    it('forgets the least recently written key when full', () => {
      const writes = new RecentWrites(60_000, 2);
      writes.remember('a', '1', 0);
      writes.remember('b', '1', 0);
      writes.remember('a', '1', 1);
      writes.remember('c', '1', 2);
      expect(['a', 'b', 'c'].map((k) => writes.isCurrent(k, '1', 3))).to.deep.equal([true, false, true]);
    });
  });
});
