import type { Knex } from 'knex';
import { z } from 'zod';
import { DAY_MS } from '../../common/time';
import { SATISFIED_PREDICTION } from './csat';
import { handoffsInWindow, inWindow, ratio, toCount, type StatsWindow } from './stats-window';

/** Figures available over time; each is the same definition as in `/admin/stats`. */
export const timeseriesMetricSchema = z.enum([
  'conversations',
  'customers',
  'messages',
  'csat',
  'responseRate',
  'estimatedCsat',
  'avgResponseMs',
  'firstResponseAvgMs',
  'resolutionAvgMs',
  'deflection',
  'botResolution',
  'handoff',
  'abandonment',
  'kbHelpful',
  'outOfScope',
]);
/** A figure available over time. */
export type TimeseriesMetric = z.infer<typeof timeseriesMetricSchema>;

/** Bucket size: UTC days, or ISO weeks starting on Monday 00:00 UTC. */
export const intervalSchema = z.enum(['day', 'week']);
/** A bucket size. */
export type Interval = z.infer<typeof intervalSchema>;

/** One bucket: its UTC start (`YYYY-MM-DD`) and the figure (null when undefined there). */
export interface TimeseriesPoint {
  start: string;
  value: number | null;
}

interface MetricSpec {
  base: (db: Knex, window: StatsWindow, time: string) => Knex.QueryBuilder;
  time: string;
  numerator: string;
  /** Null: the figure is the numerator itself (a count, 0 when nothing happened). */
  denominator: string | null;
  scale?: number;
}

const plain = (table: string) => (db: Knex, w: StatsWindow, time: string) => inWindow(db(table), time, w);
const handoffs = (db: Knex, w: StatsWindow) => handoffsInWindow(db, w);
const notHandedOffEnded = 'case when handed_off then 0 when ended_at is null then 0';

const specs: Record<TimeseriesMetric, MetricSpec> = {
  conversations: { base: plain('conversations'), time: 'started_at', numerator: 'count(*)', denominator: null },
  customers: { base: plain('conversations'), time: 'started_at', numerator: 'count(distinct customer_id)', denominator: null },
  messages: { base: plain('messages'), time: 'created_at', numerator: 'count(*)', denominator: null },
  csat: {
    base: plain('feedback'),
    time: 'sent_at',
    numerator: 'sum(case when rating >= 4 then 1 else 0 end)',
    denominator: 'count(rating)',
    scale: 100,
  },
  responseRate: { base: plain('feedback'), time: 'sent_at', numerator: 'count(rating)', denominator: 'count(*)' },
  estimatedCsat: {
    base: plain('satisfaction_estimates'),
    time: 'started_at',
    numerator: `sum(case when predicted_rating >= ${SATISFIED_PREDICTION} then 1 else 0 end)`,
    denominator: 'count(*)',
    scale: 100,
  },
  avgResponseMs: {
    base: (db, w, time) => plain('messages')(db, w, time).whereNotNull('response_ms'),
    time: 'created_at',
    numerator: 'sum(response_ms)',
    denominator: 'count(*)',
  },
  firstResponseAvgMs: {
    base: (db, w) => handoffs(db, w).whereNotNull('h.first_agent_reply_at'),
    time: 'h.requested_at',
    numerator: 'sum(h.first_agent_reply_at - h.requested_at)',
    denominator: 'count(*)',
  },
  resolutionAvgMs: {
    base: (db, w, time) => plain('tickets')(db, w, time).whereIn('status', ['resolved', 'closed']),
    time: 'resolved_at',
    numerator: 'sum(resolved_at - opened_at)',
    denominator: 'count(*)',
  },
  deflection: {
    base: plain('conversations'),
    time: 'started_at',
    numerator: `sum(${notHandedOffEnded} else 1 end)`,
    denominator: 'count(*)',
  },
  botResolution: {
    base: plain('conversations'),
    time: 'started_at',
    numerator: `sum(${notHandedOffEnded} when resolved_by_bot then 1 else 0 end)`,
    denominator: 'count(*)',
  },
  handoff: {
    base: plain('conversations'),
    time: 'started_at',
    numerator: 'sum(case when handed_off then 1 else 0 end)',
    denominator: 'count(*)',
  },
  abandonment: {
    base: handoffs,
    time: 'h.requested_at',
    numerator: "sum(case when h.status = 'abandoned' then 1 else 0 end)",
    denominator: 'count(*)',
  },
  kbHelpful: {
    base: plain('kb_feedback'),
    time: 'created_at',
    numerator: 'sum(case when helpful then 1 else 0 end)',
    denominator: 'count(*)',
  },
  outOfScope: {
    base: plain('conversations'),
    time: 'started_at',
    numerator: 'sum(case when out_of_scope then 1 else 0 end)',
    denominator: 'count(*)',
  },
};

/** Bucket number of a UTC millisecond time (weeks: Monday-based; 1970-01-01 was a Thursday). */
export function bucketOf(time: number, interval: Interval): number {
  const day = Math.floor(time / DAY_MS);
  return interval === 'day' ? day : Math.floor((day + 3) / 7);
}

function bucketStart(bucket: number, interval: Interval): number {
  return (interval === 'day' ? bucket : bucket * 7 - 3) * DAY_MS;
}

/**
 * One figure per day or week of the window, every bucket listed (the first and last weeks
 * only cover their part of the window). Grouped in SQL by integer division of the timestamp.
 */
export async function computeTimeseries(
  db: Knex,
  window: StatsWindow,
  metric: TimeseriesMetric,
  interval: Interval,
): Promise<TimeseriesPoint[]> {
  const spec = specs[metric];
  const bucket = interval === 'day' ? `${spec.time} / ${DAY_MS}` : `(${spec.time} / ${DAY_MS} + 3) / 7`;
  const rows = (await spec
    .base(db, window, spec.time)
    .select(db.raw(`${bucket} as bucket`), db.raw(`${spec.numerator} as num`), db.raw(`${spec.denominator ?? 'count(*)'} as den`))
    .groupByRaw(bucket)) as Array<{ bucket: unknown; num: unknown; den: unknown }>;
  const byBucket = new Map(rows.map((r) => [Number(r.bucket), r]));
  const points: TimeseriesPoint[] = [];
  for (let b = bucketOf(window.from, interval); b <= bucketOf(window.to - 1, interval); b++) {
    const row = byBucket.get(b);
    const num = toCount(row?.num);
    points.push({
      start: new Date(bucketStart(b, interval)).toISOString().slice(0, 10),
      value: spec.denominator === null ? num : ratio(num, toCount(row?.den), spec.scale ?? 1),
    });
  }
  return points;
}
