import { DAY_MS, HOUR_MS } from '../../../common/time';
import type { Knex } from 'knex';

/** The additive figures kept per UTC day and channel in `stats_daily` (column names). */
export const DAILY_COLUMNS = [
  'conversations',
  'deflected',
  'bot_resolved',
  'handed_off',
  'out_of_scope',
  'messages',
  'surveys_sent',
  'ratings',
  'satisfied',
  'handoffs',
  'abandoned',
  'out_of_hours',
  'unattended',
  'reopened',
  'kb_votes',
  'kb_helpful',
] as const;

/** One additive figure of a day and channel. */
export type DailyColumn = (typeof DAILY_COLUMNS)[number];

/** The additive figures of one UTC day (days since 1970-01-01) and channel. */
export type DailyFigures = { day: number; channel: string } & Record<DailyColumn, number>;

/** Conversations started with one first intent (null: none classified). */
export interface IntentCount {
  intent: string | null;
  conversations: number;
}

/**
 * Durations of one figure in one bucket (duration-buckets.ts). `metric` is `response:<who
 * answered>`, `first_response` or `resolution`.
 */
export interface DurationCount {
  metric: string;
  bucket: number;
  n: number;
  total: number;
}

/** Everything the additive part of the stats is computed from, for some days or time ranges. */
export interface Figures {
  daily: DailyFigures[];
  intents: IntentCount[];
  durations: DurationCount[];
}

/** Figures still split by day and channel, as roll-up rows are written. */
export interface DayFigures {
  daily: DailyFigures[];
  intents: Array<IntentCount & { day: number; channel: string }>;
  durations: Array<DurationCount & { day: number; channel: string }>;
}

/** Prefix of the response-time metrics; the rest is who answered (`bot`, `agent`). */
export const RESPONSE_METRIC = 'response:';
/** Metric of the handoffs' first agent reply wait. */
export const FIRST_RESPONSE_METRIC = 'first_response';
/** Metric of the tickets' resolution time. */
export const RESOLUTION_METRIC = 'resolution';

/** A zeroed {@link DailyFigures}. */
export function emptyDaily(day: number, channel: string): DailyFigures {
  const row = { day, channel } as DailyFigures;
  for (const c of DAILY_COLUMNS) row[c] = 0;
  return row;
}

/** Sums the daily rows per `(day, channel)`: raw queries give one row per source table. */
export function mergeDaily(rows: Iterable<Partial<DailyFigures> & { day: number; channel: string }>): DailyFigures[] {
  const merged = new Map<string, DailyFigures>();
  for (const row of rows) {
    const key = `${row.day}\u0000${row.channel}`;
    const target = merged.get(key) ?? emptyDaily(row.day, row.channel);
    for (const c of DAILY_COLUMNS) target[c] += row[c] ?? 0;
    merged.set(key, target);
  }
  return [...merged.values()];
}

/** The rows of a `db.raw` result: an array on SQLite, `{ rows }` on PostgreSQL. */
export function rawRows(result: unknown): Array<Record<string, unknown>> {
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<Record<string, unknown>>;
}

/** Runs `select … group by …` built by `query` and reads every row. */
export async function selectRows(query: Knex.QueryBuilder): Promise<Array<Record<string, unknown>>> {
  return (await query) as Array<Record<string, unknown>>;
}

/** Adds up the rows that share a key, `add` folding each row into the first one seen. */
function mergeBy<T>(rows: Iterable<T>, key: (row: T) => string, add: (target: T, row: T) => void): T[] {
  const merged = new Map<string, T>();
  for (const row of rows) {
    const k = key(row);
    const target = merged.get(k);
    if (target) add(target, row);
    else merged.set(k, { ...row });
  }
  return [...merged.values()];
}

/** Hour figures (`day` = hour number, as rawDayFigures gives with HOUR_MS) added up per UTC day. */
export function hoursToDays(figures: DayFigures): DayFigures {
  const dayOf = <T extends { day: number }>(row: T): T => ({ ...row, day: Math.floor((row.day * HOUR_MS) / DAY_MS) });
  return {
    daily: mergeDaily(figures.daily.map(dayOf)),
    intents: mergeBy(
      figures.intents.map(dayOf),
      (r) => `${r.day}\u0000${r.channel}\u0000${r.intent ?? ''}\u0000${r.intent === null ? 'null' : ''}`,
      (t, r) => (t.conversations += r.conversations),
    ),
    durations: mergeBy(
      figures.durations.map(dayOf),
      (r) => `${r.day}\u0000${r.channel}\u0000${r.metric}\u0000${r.bucket}`,
      (t, r) => {
        t.n += r.n;
        t.total += r.total;
      },
    ),
  };
}
