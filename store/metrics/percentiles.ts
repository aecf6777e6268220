import type { Knex } from 'knex';

/** Mean, median and 90th percentile of a set of durations in milliseconds (null when empty). */
export interface DurationSummary {
  avgMs: number | null;
  medianMs: number | null;
  p90Ms: number | null;
}

/**
 * The 0-based position of the nearest-rank percentile `percent` (1–100) among `n` sorted
 * values: rank ⌈percent·n/100⌉. Integer arithmetic, so no floating-point rounding can move it.
 */
export function nearestRankOffset(percent: number, n: number): number {
  return Math.max(0, Math.ceil((percent * n) / 100) - 1);
}

/**
 * The nearest-rank percentile of `expression` over the rows of `base()` (which must already
 * hold every filter): `ORDER BY expression LIMIT 1 OFFSET rank-1`. The same rows and the same
 * rank give the same value on SQLite and PostgreSQL.
 */
export async function nearestRank(
  db: Knex,
  base: () => Knex.QueryBuilder,
  expression: string,
  n: number,
  percent: number,
): Promise<number | null> {
  if (n === 0) return null;
  const row = (await base()
    .select(db.raw(`${expression} as v`))
    .orderByRaw(expression)
    .limit(1)
    .offset(nearestRankOffset(percent, n))
    .first()) as { v: unknown } | undefined;
  return row === undefined ? null : Number(row.v);
}

/** Mean (from a count and a sum), median and p90 of `expression` over `base()`. */
export async function summariseDurations(
  db: Knex,
  base: () => Knex.QueryBuilder,
  expression: string,
  n: number,
  total: number,
): Promise<DurationSummary> {
  const [medianMs, p90Ms] = await Promise.all([nearestRank(db, base, expression, n, 50), nearestRank(db, base, expression, n, 90)]);
  return { avgMs: n > 0 ? total / n : null, medianMs, p90Ms };
}
