import { nearestRankOffset } from '../percentiles';

// Log-linear buckets of a millisecond duration, the same in SQL and JS: one bucket per value
// below 128 ms (exact), then 64 equal buckets per power of two, so a bucket spans at most 1/64
// of its lower edge and its midpoint is within 1/128 (0.8 %) of every value in it.
const EXACT_BELOW = 128;
const PER_OCTAVE = 64;
const FIRST_OCTAVE = 7; // 2^7 = EXACT_BELOW
const LAST_OCTAVE = 47; // 2^48 ms ≈ 8,900 years: longer than any two stored timestamps apart

/** SQL for the bucket of `expr`, an integer millisecond expression (integer division on both engines). */
export function durationBucketSql(expr: string): string {
  const parts: string[] = [`when ${expr} < ${EXACT_BELOW} then ${expr}`];
  for (let k = FIRST_OCTAVE; k <= LAST_OCTAVE; k++) {
    const start = 2 ** k;
    const first = EXACT_BELOW + (k - FIRST_OCTAVE) * PER_OCTAVE;
    parts.push(`when ${expr} < ${2 * start} then ${first} + (${expr} - ${start}) / ${start / PER_OCTAVE}`);
  }
  return `(case ${parts.join(' ')} end)`;
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
