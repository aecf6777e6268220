import { nearestRankOffset } from '../percentiles';

// Log-linear buckets of a millisecond duration: one bucket per value
// below 128 ms (exact), then 64 equal buckets per power of two, so a bucket spans at most 1/64
// of its lower edge and its midpoint is within 1/128 (0.8 %) of every value in it.
const EXACT_BELOW = 128;
const PER_OCTAVE = 64;
const LOG2_PER_OCTAVE = 6; // 2^6 = PER_OCTAVE
const FIRST_OCTAVE = 7; // 2^7 = EXACT_BELOW

/** The bucket of a millisecond duration (an integer). */
export function durationBucket(ms: number): number {
  if (ms < EXACT_BELOW) return ms;
  let k = Math.floor(Math.log2(ms));
  // log2 of a float may round across a power of two: settle k on integers.
  while (2 ** (k + 1) <= ms) k++;
  while (2 ** k > ms) k--;
  return EXACT_BELOW + (k - FIRST_OCTAVE) * PER_OCTAVE + Math.floor((ms - 2 ** k) / 2 ** (k - LOG2_PER_OCTAVE));
}

/** The value reported for a bucket: the value itself below 128 ms, else the bucket's midpoint (rounded down). */
export function bucketValue(bucket: number): number {
  if (bucket < EXACT_BELOW) return bucket;
  const k = FIRST_OCTAVE + Math.floor((bucket - EXACT_BELOW) / PER_OCTAVE);
  const width = 2 ** k / PER_OCTAVE;
  const lo = 2 ** k + ((bucket - EXACT_BELOW) % PER_OCTAVE) * width;
  return lo + Math.floor(width / 2);
}

/** Count and sum of the durations in one bucket. */
export interface BucketCount {
  bucket: number;
  n: number;
  total: number;
}

/**
 * The nearest-rank percentiles (1–100 each) of the durations counted in `counts` (a bucket may
 * appear more than once: the counts are added), each within 0.8 % of the exact value; nulls when empty.
 */
export function percentilesOfBuckets(counts: readonly BucketCount[], percents: readonly number[]): Array<number | null> {
  const byBucket = new Map<number, number>();
  for (const c of counts) byBucket.set(c.bucket, (byBucket.get(c.bucket) ?? 0) + c.n);
  let n = 0;
  for (const count of byBucket.values()) n += count;
  if (n === 0) return percents.map(() => null);
  const sorted = [...byBucket].sort((a, b) => a[0] - b[0]);
  return percents.map((percent) => {
    let offset = nearestRankOffset(percent, n);
    for (const [bucket, count] of sorted) {
      if (offset < count) return bucketValue(bucket);
      offset -= count;
    }
    return null;
  });
}
