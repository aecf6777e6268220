import type { Knex } from 'knex';
import { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS } from '../../common/time';
import { nearestRankOffset } from './percentiles';

// Histogram buckets of a millisecond duration, the same in SQL and JS: 20 ms wide below 10 s,
// 1 s below 10 min, 1 min below a day, 1 h beyond. Integer division truncates on both engines.
const EDGES = [
  { below: 10 * SECOND_MS, first: 0, start: 0, width: 20 },
  { below: 10 * MINUTE_MS, first: 500, start: 10 * SECOND_MS, width: SECOND_MS },
  { below: DAY_MS, first: 1090, start: 10 * MINUTE_MS, width: MINUTE_MS },
  { below: Infinity, first: 2520, start: DAY_MS, width: HOUR_MS },
] as const;

/** SQL for the histogram bucket of `expr` (an integer millisecond expression). */
export function bucketSql(expr: string): string {
  const parts = EDGES.map((e) =>
    e.below === Infinity
      ? `else ${e.first} + (${expr} - ${e.start}) / ${e.width}`
      : `when ${expr} < ${e.below} then ${e.first} + (${expr} - ${e.start}) / ${e.width}`,
  );
  return `(case ${parts.join(' ')} end)`;
}

/** The value range `[lo, hi)` of a bucket; the lowest bucket is open below. */
export function bucketRange(bucket: number): { lo: number | null; hi: number } {
  const edge = [...EDGES].reverse().find((e) => bucket >= e.first) ?? EDGES[0];
  const lo = edge.start + (bucket - edge.first) * edge.width;
  return { lo: bucket <= 0 ? null : lo, hi: lo + edge.width };
}

/** Per-bucket counts of a duration, optionally per group (e.g. who answered). */
export type Histogram = Array<{ group: string | null; bucket: number; n: number }>;

/** Counts `expr` per bucket (and per `groupColumn`) over `base()`: one aggregate query. */
export async function durationHistogram(
  db: Knex,
  base: () => Knex.QueryBuilder,
  expr: string,
  groupColumn: string | null,
): Promise<Histogram> {
  const bucket = bucketSql(expr);
  const query = base().select(db.raw(`${bucket} as bucket`), db.raw('count(*) as n'));
  if (groupColumn) query.select(db.raw(`${groupColumn} as grp`)).groupBy(groupColumn);
  const rows = (await query.groupByRaw(bucket)) as Array<{ grp?: string | null; bucket: unknown; n: unknown }>;
  return rows.map((r) => ({ group: r.grp ?? null, bucket: Number(r.bucket), n: Number(r.n) }));
}

/**
 * The nearest-rank percentile of `expr` using its histogram: the bucket holding the rank is
 * found from the counts, then `ORDER BY … LIMIT 1 OFFSET` runs only inside that bucket's value
 * range. Exact, and no sort of the whole window.
 */
export async function percentileFromHistogram(
  db: Knex,
  base: () => Knex.QueryBuilder,
  expr: string,
  histogram: Histogram,
  percent: number,
): Promise<number | null> {
  const counts = new Map<number, number>();
  for (const r of histogram) counts.set(r.bucket, (counts.get(r.bucket) ?? 0) + r.n);
  const n = [...counts.values()].reduce((a, b) => a + b, 0);
  if (n === 0) return null;
  let offset = nearestRankOffset(percent, n);
  for (const [bucket, count] of [...counts].sort((a, b) => a[0] - b[0])) {
    if (offset >= count) {
      offset -= count;
      continue;
    }
    const { lo, hi } = bucketRange(bucket);
    const q = base().whereRaw(`${expr} < ?`, [hi]);
    if (lo !== null) q.whereRaw(`${expr} >= ?`, [lo]);
    const row = (await q
      .select(db.raw(`${expr} as v`))
      .orderByRaw(expr)
      .limit(1)
      .offset(offset)
      .first()) as { v: unknown } | undefined;
    return row === undefined ? null : Number(row.v);
  }
  return null;
}
