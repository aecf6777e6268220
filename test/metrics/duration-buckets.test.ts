import { expect } from 'chai';
import fc from 'fast-check';
import { bucketValue, durationBucket, percentilesOfBuckets } from '../../store/metrics/rollups/duration-buckets';

const ms = fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 2 ** 45 }));

describe('duration buckets', () => {
  it('report every duration within 1/128 of itself, exactly below 128 ms', () => {
    fc.assert(
      fc.property(ms, (value) => {
        const reported = bucketValue(durationBucket(value));
        if (value < 128) expect(reported).to.equal(value);
        else expect(Math.abs(reported - value)).to.be.at.most(value / 128);
      }),
    );
  });

  it('keep the order of durations, so the rank lands in the right bucket', () => {
    fc.assert(
      fc.property(ms, ms, (a, b) => {
        expect(durationBucket(Math.min(a, b))).to.be.at.most(durationBucket(Math.max(a, b)));
      }),
    );
  });

  it('start a new bucket exactly at each power of two', () => {
    expect(durationBucket(127)).to.equal(127);
    expect(durationBucket(128)).to.equal(128);
    expect(durationBucket(255)).to.equal(191);
    expect(durationBucket(256)).to.equal(192);
    expect(durationBucket(2 ** 40 - 1) + 1).to.equal(durationBucket(2 ** 40));
  });

  it('give the nearest-rank percentiles of the counted durations within 1 %', () => {
    fc.assert(
      fc.property(fc.array(ms, { minLength: 1, maxLength: 80 }), (values) => {
        const counts = values.map((v) => ({ bucket: durationBucket(v), n: 1, total: v }));
        const sorted = [...values].sort((x, y) => x - y);
        const [median, p90] = percentilesOfBuckets(counts, [50, 90]);
        for (const [got, percent] of [
          [median, 50],
          [p90, 90],
        ] as const) {
          const exact = sorted[Math.ceil((percent * sorted.length) / 100) - 1];
          expect(Math.abs((got as number) - exact)).to.be.at.most(exact / 100);
        }
      }),
    );
  });
});
