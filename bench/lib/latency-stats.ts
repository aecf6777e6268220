/** Latency summary of a set of timed operations (nearest-rank percentiles). */
export interface LatencySummary {
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** The nearest-rank percentile `p` (0–100) of `sorted` (ascending, non-empty). */
export function percentile(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

/** p50, p99 and max of the durations in milliseconds; zeros for an empty list. */
export function summarise(durationsMs: readonly number[]): LatencySummary {
  if (durationsMs.length === 0) return { count: 0, p50Ms: 0, p99Ms: 0, maxMs: 0 };
  const sorted = [...durationsMs].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50Ms: round(percentile(sorted, 50)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted[sorted.length - 1]),
  };
}

/** Rounds to two decimals for the report. */
export function round(value: number): number {
  return Math.round(value * 100) / 100;
}
