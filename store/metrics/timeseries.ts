import type { Knex } from 'knex';
import { z } from 'zod';
import { DAY_MS } from '../../common/time';
import { SATISFIED_PREDICTION } from './csat';
import { FIRST_RESPONSE_METRIC, RESOLUTION_METRIC, RESPONSE_METRIC, type DailyColumn } from './rollups/day-figures';
import { figuresByDay, type FiguresByDay } from './rollups/figures-by-day';
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

/**
 * Where the roll-ups keep the same figure: two columns of the daily figures (the denominator
 * null for a count), or the count and sum of the duration figures whose metric starts with
 * `durations`.
 */
type RolledSpec = { numerator: DailyColumn; denominator: DailyColumn | null } | { durations: string };

interface MetricSpec {
  base: (db: Knex, window: StatsWindow, time: string) => Knex.QueryBuilder;
  time: string;
  numerator: string;
  /** Null: the figure is the numerator itself (a count, 0 when nothing happened). */
  denominator: string | null;
  scale?: number;
  /** Absent: not additive over days (distinct customers) or not rolled up (the model's estimates). */
  rolled?: RolledSpec;
}

const counted = (numerator: DailyColumn, denominator: DailyColumn | null = null): RolledSpec => ({ numerator, denominator });

const plain = (table: string) => (db: Knex, w: StatsWindow, time: string) => inWindow(db(table), time, w);
const handoffs = (db: Knex, w: StatsWindow) => handoffsInWindow(db, w);
const notHandedOffEnded = 'case when handed_off then 0 when ended_at is null then 0';

const specs: Record<TimeseriesMetric, MetricSpec> = {
  conversations: {
    base: plain('conversations'),
    time: 'started_at',
    numerator: 'count(*)',
    denominator: null,
    rolled: counted('conversations'),
  },
  customers: { base: plain('conversations'), time: 'started_at', numerator: 'count(distinct customer_id)', denominator: null },
  messages: { base: plain('messages'), time: 'created_at', numerator: 'count(*)', denominator: null, rolled: counted('messages') },
  csat: {
    base: plain('feedback'),
    time: 'sent_at',
    numerator: 'sum(case when rating >= 4 then 1 else 0 end)',
    denominator: 'count(rating)',
    scale: 100,
    rolled: counted('satisfied', 'ratings'),
  },
  responseRate: {
    base: plain('feedback'),
    time: 'sent_at',
    numerator: 'count(rating)',
    denominator: 'count(*)',
    rolled: counted('ratings', 'surveys_sent'),
  },
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
    rolled: { durations: RESPONSE_METRIC },
  },
  firstResponseAvgMs: {
    base: (db, w) => handoffs(db, w).whereNotNull('h.first_agent_reply_at'),
    time: 'h.requested_at',
    numerator: 'sum(h.first_agent_reply_at - h.requested_at)',
    denominator: 'count(*)',
    rolled: { durations: FIRST_RESPONSE_METRIC },
  },
  resolutionAvgMs: {
    base: (db, w, time) => plain('tickets')(db, w, time).whereIn('status', ['resolved', 'closed']),
    time: 'resolved_at',
    numerator: 'sum(resolved_at - opened_at)',
    denominator: 'count(*)',
    rolled: { durations: RESOLUTION_METRIC },
  },
  deflection: {
    base: plain('conversations'),
    time: 'started_at',
    numerator: `sum(${notHandedOffEnded} else 1 end)`,
    denominator: 'count(*)',
    rolled: counted('deflected', 'conversations'),
  },
  botResolution: {
    base: plain('conversations'),
    time: 'started_at',
    numerator: `sum(${notHandedOffEnded} when resolved_by_bot then 1 else 0 end)`,
    denominator: 'count(*)',
    rolled: counted('bot_resolved', 'conversations'),
  },
  handoff: {
    base: plain('conversations'),
    time: 'started_at',
    numerator: 'sum(case when handed_off then 1 else 0 end)',
    denominator: 'count(*)',
    rolled: counted('handed_off', 'conversations'),
  },
  abandonment: {
    base: handoffs,
    time: 'h.requested_at',
    numerator: "sum(case when h.status = 'abandoned' then 1 else 0 end)",
    denominator: 'count(*)',
    rolled: counted('abandoned', 'handoffs'),
  },
  kbHelpful: {
    base: plain('kb_feedback'),
    time: 'created_at',
    numerator: 'sum(case when helpful then 1 else 0 end)',
    denominator: 'count(*)',
    rolled: counted('kb_helpful', 'kb_votes'),
  },
  outOfScope: {
    base: plain('conversations'),
    time: 'started_at',
    numerator: 'sum(case when out_of_scope then 1 else 0 end)',
    denominator: 'count(*)',
    rolled: counted('out_of_scope', 'conversations'),
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

/** Numerator and denominator per bucket. */
type BucketSums = Map<number, { num: number; den: number }>;

function addTo(sums: BucketSums, bucket: number, num: number, den: number): void {
  const cell = sums.get(bucket) ?? { num: 0, den: 0 };
  cell.num += num;
  cell.den += den;
  sums.set(bucket, cell);
}

/** A figure's sums per bucket from the per-day figures of the roll-ups and raw edges. */
function rolledSums(figures: FiguresByDay, rolled: RolledSpec, interval: Interval): BucketSums {
  const sums: BucketSums = new Map();
  if ('durations' in rolled) {
    for (const d of figures.durations) addTo(sums, bucketOf(d.day * DAY_MS, interval), d.total, d.n);
  } else {
    for (const r of figures.daily) {
      addTo(sums, bucketOf(r.day * DAY_MS, interval), r[rolled.numerator], rolled.denominator === null ? 0 : r[rolled.denominator]);
    }
  }
  return sums;
}

/** A figure's sums per bucket from one grouped query over the source rows. */
async function rawSums(db: Knex, window: StatsWindow, spec: MetricSpec, interval: Interval): Promise<BucketSums> {
  const bucket = interval === 'day' ? `${spec.time} / ${DAY_MS}` : `(${spec.time} / ${DAY_MS} + 3) / 7`;
  const rows = (await spec
    .base(db, window, spec.time)
    .select(db.raw(`${bucket} as bucket`), db.raw(`${spec.numerator} as num`), db.raw(`${spec.denominator ?? 'count(*)'} as den`))
    .groupByRaw(bucket)) as Array<{ bucket: unknown; num: unknown; den: unknown }>;
  return new Map(rows.map((r) => [Number(r.bucket), { num: toCount(r.num), den: toCount(r.den) }]));
}

/** Every bucket of the window with the figure of its sums. */
function pointsOf(window: StatsWindow, interval: Interval, spec: MetricSpec, sums: BucketSums): TimeseriesPoint[] {
  const points: TimeseriesPoint[] = [];
  for (let b = bucketOf(window.from, interval); b <= bucketOf(window.to - 1, interval); b++) {
    const cell = sums.get(b);
    const num = cell?.num ?? 0;
    points.push({
      start: new Date(bucketStart(b, interval)).toISOString().slice(0, 10),
      value: spec.denominator === null ? num : ratio(num, cell?.den ?? 0, spec.scale ?? 1),
    });
  }
  return points;
}

/**
 * One figure per day or week of the window, every bucket listed (the first and last weeks
 * only cover their part of the window). Additive figures are added up from the roll-ups
 * (store/metrics/rollups/figures-by-day.ts); distinct customers and the model's estimates are
 * grouped in SQL by integer division of the timestamp.
 */
export async function computeTimeseries(
  db: Knex,
  window: StatsWindow,
  metric: TimeseriesMetric,
  interval: Interval,
): Promise<TimeseriesPoint[]> {
  const spec = specs[metric];
  if (!spec.rolled) return computeRawTimeseries(db, window, metric, interval);
  const rolled = spec.rolled;
  const want =
    'durations' in rolled
      ? { columns: [], durations: rolled.durations }
      : { columns: rolled.denominator === null ? [rolled.numerator] : [rolled.numerator, rolled.denominator], durations: null };
  return pointsOf(window, interval, spec, rolledSums(await figuresByDay(db, window, want), rolled, interval));
}

/** The same figures from the source rows only: the reference the roll-up path is tested against. */
export const computeRawTimeseries: typeof computeTimeseries = async (db, window, metric, interval) =>
  pointsOf(window, interval, specs[metric], await rawSums(db, window, specs[metric], interval));
