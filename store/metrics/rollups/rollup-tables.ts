import type { Knex } from 'knex';
import { toCount } from '../stats-window';
import { DAY_MS, HOUR_MS } from '../../../common/time';
import {
  DAILY_COLUMNS,
  selectRows,
  type DailyColumn,
  type DailyFigures,
  type DayFigures,
  type DurationCount,
  type Figures,
} from './day-figures';
import type { TimeRange } from './raw-figures';
import { allIn, nextMonth, wholeHours, type DayRun } from './window-split';

// Rows per insert statement: far below either engine's bound-parameter limit.
const BATCH = 100;

/**
 * Granularity of a roll-up row: one UTC hour (`start` = its hour number), one UTC day or one
 * calendar month (`start` = its first day).
 */
export type Level = 'hour' | 'day' | 'month';

/** The days in `[from, to)` whose roll-ups are current. */
export async function readRolledDays(db: Knex, from: number, to: number): Promise<Set<number>> {
  const rows = (await db('stats_rollup_days').where('day', '>=', from).andWhere('day', '<', to).select('day')) as Array<{ day: unknown }>;
  return new Set(rows.map((r) => Number(r.day)));
}

/** The whole hours inside `ranges` whose hour roll-ups are current. */
export async function readRolledHours(db: Knex, ranges: readonly TimeRange[]): Promise<Set<number>> {
  const runs = wholeHours(ranges);
  if (runs.length === 0) return new Set();
  const rows = (await inRuns(db('stats_rollup_hours'), 'hour', runs).select('hour')) as Array<{ hour: unknown }>;
  return new Set(rows.map((r) => Number(r.hour)));
}

/** The months starting in `[from, to)` whose month roll-ups are current: marked, and every day of them too. */
export async function readRolledMonths(db: Knex, from: number, to: number, rolledDays: ReadonlySet<number>): Promise<Set<number>> {
  const rows = (await db('stats_rollup_months').where('month', '>=', from).andWhere('month', '<', to).select('month')) as Array<{
    month: unknown;
  }>;
  return new Set(rows.map((r) => Number(r.month)).filter((m) => allIn(rolledDays, { from: m, to: nextMonth(m) })));
}

function inRuns(query: Knex.QueryBuilder, column: string, runs: readonly DayRun[]): Knex.QueryBuilder {
  return query.where((w) => {
    for (const r of runs) w.orWhere((x) => x.where(column, '>=', r.from).andWhere(column, '<', r.to));
  });
}

/** What to read from the roll-ups: runs of hours and of days, and whole months (first days). */
export interface RolledParts {
  hours: readonly DayRun[];
  days: readonly DayRun[];
  months: readonly number[];
}

/** Rows of `table` at the level of each part given, of one channel or all. */
function atLevels(db: Knex, table: string, parts: RolledParts, channel: string | null): Knex.QueryBuilder {
  const query = db(table).where((w) => {
    if (parts.hours.length > 0) w.orWhere((x) => inRuns(x.where('level', 'hour'), 'start', parts.hours));
    if (parts.days.length > 0) w.orWhere((x) => inRuns(x.where('level', 'day'), 'start', parts.days));
    if (parts.months.length > 0) w.orWhere((x) => x.where('level', 'month').whereIn('start', parts.months));
  });
  return channel === null ? query : query.andWhere('channel_id', channel);
}

/** Decodes a `buckets` column: `[bucket, n, total, …]`. */
function decodeBuckets(metric: string, text: string): DurationCount[] {
  const flat = JSON.parse(text) as number[];
  const out: DurationCount[] = [];
  for (let i = 0; i + 2 < flat.length; i += 3) out.push({ metric, bucket: flat[i], n: flat[i + 1], total: flat[i + 2] });
  return out;
}

/** Adds up the `buckets` columns of many rows into one count per metric and bucket. */
function sumBuckets(rows: ReadonlyArray<Record<string, unknown>>): DurationCount[] {
  const sums = new Map<string, Map<number, DurationCount>>();
  for (const row of rows) {
    const metric = String(row.metric);
    const byBucket = sums.get(metric) ?? new Map<number, DurationCount>();
    sums.set(metric, byBucket);
    const flat = JSON.parse(String(row.buckets)) as number[];
    for (let i = 0; i + 2 < flat.length; i += 3) {
      const cell = byBucket.get(flat[i]);
      if (cell) {
        cell.n += flat[i + 1];
        cell.total += flat[i + 2];
      } else byBucket.set(flat[i], { metric, bucket: flat[i], n: flat[i + 1], total: flat[i + 2] });
    }
  }
  return [...sums.values()].flatMap((byBucket) => [...byBucket.values()]);
}

/** Sums duration counts per `(key, metric, bucket)` and encodes each key's buckets of one metric. */
function encodeBuckets(counts: Iterable<DurationCount & { key: string }>): Array<{ key: string; metric: string; buckets: string }> {
  const byKey = new Map<string, { key: string; metric: string; buckets: Map<number, [number, number]> }>();
  for (const c of counts) {
    const id = `${c.key}\u0000${c.metric}`;
    const entry = byKey.get(id) ?? { key: c.key, metric: c.metric, buckets: new Map<number, [number, number]>() };
    const cell = entry.buckets.get(c.bucket) ?? [0, 0];
    entry.buckets.set(c.bucket, [cell[0] + c.n, cell[1] + c.total]);
    byKey.set(id, entry);
  }
  return [...byKey.values()].map(({ key, metric, buckets }) => ({
    key,
    metric,
    buckets: JSON.stringify([...buckets].sort((a, b) => a[0] - b[0]).flatMap(([bucket, [n, total]]) => [bucket, n, total])),
  }));
}

/**
 * Reads the `stats_daily` or `stats_hourly` rows of `runs` (of one channel or all) as daily
 * figures, with only `columns` read (the others 0).
 */
async function readDaily(
  db: Knex,
  table: 'stats_daily' | 'stats_hourly',
  runs: readonly DayRun[],
  channel: string | null,
  columns: readonly DailyColumn[] = DAILY_COLUMNS,
): Promise<DailyFigures[]> {
  if (runs.length === 0) return [];
  const period = table === 'stats_daily' ? 'day' : 'hour';
  const query = inRuns(db(table), period, runs);
  const rows = await selectRows(
    (channel === null ? query : query.andWhere('channel_id', channel)).select(period, 'channel_id', ...columns),
  );
  const perDay = table === 'stats_daily' ? 1 : DAY_MS / HOUR_MS;
  return rows.map((r) => {
    const row = { day: Math.floor(Number(r[period]) / perDay), channel: String(r.channel_id) } as DailyFigures;
    for (const c of DAILY_COLUMNS) row[c] = toCount(r[c]);
    return row;
  });
}

/**
 * The rolled-up figures of the hour runs, day runs and months given (one channel or all): their
 * daily rows (an hour's under its day), and the intents and duration buckets of every level.
 */
export async function readRollups(db: Knex, parts: RolledParts, channel: string | null): Promise<Figures> {
  if (parts.hours.length === 0 && parts.days.length === 0 && parts.months.length === 0) return { daily: [], intents: [], durations: [] };
  const allDays = [...parts.days, ...parts.months.map((m) => ({ from: m, to: nextMonth(m) }))];
  const [days, hours, intents, durations] = await Promise.all([
    readDaily(db, 'stats_daily', allDays, channel),
    readDaily(db, 'stats_hourly', parts.hours, channel),
    selectRows(atLevels(db, 'stats_rollup_intents', parts, channel).select('intent', db.raw('sum(conversations) as n')).groupBy('intent')),
    selectRows(atLevels(db, 'stats_rollup_durations', parts, channel).select('metric', 'buckets')),
  ]);
  return {
    daily: [...days, ...hours],
    intents: intents.map((r) => ({ intent: r.intent === null ? null : String(r.intent), conversations: toCount(r.n) })),
    durations: sumBuckets(durations),
  };
}

/** What the timeseries reads per day: daily columns, and the duration metrics starting with `durations` (none when null). */
export interface DayFiguresWanted {
  columns: readonly DailyColumn[];
  durations: string | null;
}

/** Duration totals of one figure on one UTC day (`metric` as in {@link DurationCount}). */
export interface DayDurationTotal {
  day: number;
  metric: string;
  n: number;
  total: number;
}

/**
 * The rolled-up figures of the hour and day runs given (one channel or all), still per UTC day
 * (an hour's under its day), for the timeseries: the daily rows with the columns `want` names,
 * and, when it names a duration metric prefix (`response:`, `first_response`, `resolution`), the
 * count and sum per day of the duration figures it starts.
 */
export async function readRollupsByDay(
  db: Knex,
  parts: Pick<RolledParts, 'hours' | 'days'>,
  channel: string | null,
  want: DayFiguresWanted,
): Promise<{ daily: DailyFigures[]; durations: DayDurationTotal[] }> {
  const durations = want.durations;
  const levels = { ...parts, months: [] };
  const readDurations = durations !== null && (parts.hours.length > 0 || parts.days.length > 0);
  const [days, hours, durationRows] = await Promise.all([
    readDaily(db, 'stats_daily', parts.days, channel, want.columns),
    readDaily(db, 'stats_hourly', parts.hours, channel, want.columns),
    readDurations
      ? selectRows(
          atLevels(db, 'stats_rollup_durations', levels, channel)
            .andWhereRaw('substr(metric, 1, ?) = ?', [durations.length, durations])
            .select('level', 'start', 'metric', 'buckets'),
        )
      : [],
  ]);
  return {
    daily: [...days, ...hours],
    durations: durationRows.map((r) => {
      const start = Number(r.start);
      const day = r.level === 'hour' ? Math.floor((start * HOUR_MS) / DAY_MS) : start;
      const totals = { day, metric: String(r.metric), n: 0, total: 0 };
      for (const c of decodeBuckets(totals.metric, String(r.buckets))) {
        totals.n += c.n;
        totals.total += c.total;
      }
      return totals;
    }),
  };
}

async function insertAll(db: Knex, table: string, rows: Array<Record<string, unknown>>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await db(table).insert(rows.slice(i, i + BATCH));
}

async function deleteLevel(tx: Knex, level: Level, run: DayRun): Promise<void> {
  for (const table of ['stats_rollup_intents', 'stats_rollup_durations']) {
    await tx(table).where('level', level).andWhere('start', '>=', run.from).andWhere('start', '<', run.to).delete();
  }
}

/** The marker and figure tables of the hour and day levels, and their period column. */
const PERIOD_TABLES = {
  hour: { marks: 'stats_rollup_hours', figures: 'stats_hourly', column: 'hour' },
  day: { marks: 'stats_rollup_days', figures: 'stats_daily', column: 'day' },
} as const;

/**
 * Replaces the hour or day roll-ups of `[run.from, run.to)` (hour or day numbers) with `figures`
 * (whose `day` holds the hour number at the hour level) and marks the periods current (inside
 * `tx`, the rebuild's transaction).
 */
export async function writePeriodRollups(tx: Knex, level: 'hour' | 'day', run: DayRun, figures: DayFigures, now: number): Promise<void> {
  const { marks, figures: table, column } = PERIOD_TABLES[level];
  await tx(marks).where(column, '>=', run.from).andWhere(column, '<', run.to).delete();
  await tx(table).where(column, '>=', run.from).andWhere(column, '<', run.to).delete();
  await deleteLevel(tx, level, run);
  const key = (r: { day: number; channel: string }) => `${r.day}\u0000${r.channel}`;
  const split = (k: string) => ({ start: Number(k.split('\u0000')[0]), channel_id: k.split('\u0000')[1] });
  await insertAll(
    tx,
    marks,
    Array.from({ length: run.to - run.from }, (_, i) => ({ [column]: run.from + i, built_at: now })),
  );
  await insertAll(
    tx,
    table,
    figures.daily.map(({ day, channel, ...columns }) => ({ [column]: day, channel_id: channel, ...columns })),
  );
  await insertAll(
    tx,
    'stats_rollup_intents',
    figures.intents.map((r) => ({ level, start: r.day, channel_id: r.channel, intent: r.intent, conversations: r.conversations })),
  );
  await insertAll(
    tx,
    'stats_rollup_durations',
    encodeBuckets(figures.durations.map((d) => ({ ...d, key: key(d) }))).map((e) => ({
      level,
      ...split(e.key),
      metric: e.metric,
      buckets: e.buckets,
    })),
  );
}

/** Deletes the month roll-ups (and churn rows) of the month starting on `month`. */
export async function deleteMonthRollups(tx: Knex, month: number): Promise<void> {
  await tx('stats_rollup_months').where('month', month).delete();
  await deleteLevel(tx, 'month', { from: month, to: month + 1 });
}

/** Writes the month roll-ups of the month starting on `month` by adding up its day roll-ups, and marks it current. */
export async function writeMonthRollups(tx: Knex, month: number, now: number): Promise<void> {
  await deleteMonthRollups(tx, month);
  const days = { from: month, to: nextMonth(month) };
  const intents = await selectRows(
    atLevels(tx, 'stats_rollup_intents', { hours: [], days: [days], months: [] }, null)
      .select('channel_id', 'intent', tx.raw('sum(conversations) as n'))
      .groupBy('channel_id', 'intent'),
  );
  await insertAll(
    tx,
    'stats_rollup_intents',
    intents.map((r) => ({ level: 'month', start: month, channel_id: r.channel_id, intent: r.intent, conversations: toCount(r.n) })),
  );
  const durations = await selectRows(
    atLevels(tx, 'stats_rollup_durations', { hours: [], days: [days], months: [] }, null).select('channel_id', 'metric', 'buckets'),
  );
  const counts = durations.flatMap((r) =>
    decodeBuckets(String(r.metric), String(r.buckets)).map((c) => ({ ...c, key: String(r.channel_id) })),
  );
  await insertAll(
    tx,
    'stats_rollup_durations',
    encodeBuckets(counts).map((e) => ({ level: 'month', start: month, channel_id: e.key, metric: e.metric, buckets: e.buckets })),
  );
  await tx('stats_rollup_months').insert({ month, built_at: now });
}
