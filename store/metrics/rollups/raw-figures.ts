import type { Knex } from 'knex';
import { DAY_MS } from '../../../common/time';
import { toCount } from '../stats-window';
import {
  FIRST_RESPONSE_METRIC,
  RESOLUTION_METRIC,
  RESPONSE_METRIC,
  mergeDaily,
  selectRows,
  type DailyColumn,
  type DailyFigures,
  type DayFigures,
} from './day-figures';
import { durationBucket } from './duration-buckets';

/** A half-open UTC millisecond range `[from, to)`. */
export interface TimeRange {
  from: number;
  to: number;
}

/** Restricts `query` to rows whose `column` lies in one of `ranges` and, if set, to `channel`. */
function inRanges(query: Knex.QueryBuilder, column: string, ranges: readonly TimeRange[], channel: string | null, channelColumn: string) {
  query.where((w) => {
    for (const r of ranges) w.orWhere((x) => x.where(column, '>=', r.from).andWhere(column, '<', r.to));
  });
  if (channel !== null) query.andWhere(channelColumn, channel);
  return query;
}

/** One grouped count query of a source table: its time and channel columns and its sums. */
interface CountSpec {
  from: (db: Knex) => Knex.QueryBuilder;
  time: string;
  channel: string;
  where?: (q: Knex.QueryBuilder) => Knex.QueryBuilder;
  sums: Partial<Record<DailyColumn, string>>;
}

const SPECS: CountSpec[] = [
  { from: (db) => db('messages'), time: 'created_at', channel: 'channel_id', sums: { messages: 'count(*)' } },
  {
    from: (db) => db('feedback'),
    time: 'sent_at',
    channel: 'channel_id',
    sums: { surveys_sent: 'count(*)', ratings: 'count(rating)', satisfied: 'sum(case when rating >= 4 then 1 else 0 end)' },
  },
  {
    from: (db) => db('handoffs as h').join('conversations as c', 'c.id', 'h.conversation_id'),
    time: 'h.requested_at',
    channel: 'c.channel_id',
    sums: {
      handoffs: 'count(*)',
      abandoned: "sum(case when h.status = 'abandoned' then 1 else 0 end)",
      out_of_hours: 'sum(case when h.out_of_hours then 1 else 0 end)',
    },
  },
  {
    from: (db) => db('tickets'),
    time: 'opened_at',
    channel: 'channel_id',
    where: (q) => q.whereNull('first_agent_reply_at').whereIn('status', ['open', 'assigned']),
    sums: { unattended: 'count(*)' },
  },
  {
    from: (db) => db('ticket_events as e').join('tickets as t', 't.id', 'e.ticket_id'),
    time: 'e.created_at',
    channel: 't.channel_id',
    where: (q) => q.where('e.type', 'reopened'),
    sums: { reopened: 'count(*)' },
  },
  {
    from: (db) => db('kb_feedback'),
    time: 'created_at',
    channel: 'channel_id',
    sums: { kb_votes: 'count(*)', kb_helpful: 'sum(case when helpful then 1 else 0 end)' },
  },
];

/** One grouped histogram query: the duration expression, the metric it feeds, its rows. */
interface DurationSpec {
  from: (db: Knex) => Knex.QueryBuilder;
  time: string;
  channel: string;
  metric: string;
  /** Columns the metric expression reads (grouped by; PostgreSQL refuses constants in GROUP BY). */
  metricColumns: string[];
  value: string;
  where: (q: Knex.QueryBuilder) => Knex.QueryBuilder;
}

const DURATIONS: DurationSpec[] = [
  {
    from: (db) => db('messages'),
    time: 'created_at',
    channel: 'channel_id',
    metric: `'${RESPONSE_METRIC}' || coalesce(answered_by, '')`,
    metricColumns: ['answered_by'],
    value: 'response_ms',
    where: (q) => q.whereNotNull('response_ms'),
  },
  {
    from: (db) => db('handoffs as h').join('conversations as c', 'c.id', 'h.conversation_id'),
    time: 'h.requested_at',
    channel: 'c.channel_id',
    metric: `'${FIRST_RESPONSE_METRIC}'`,
    metricColumns: [],
    value: '(h.first_agent_reply_at - h.requested_at)',
    where: (q) => q.whereNotNull('h.first_agent_reply_at'),
  },
  {
    from: (db) => db('tickets'),
    time: 'resolved_at',
    channel: 'channel_id',
    metric: `'${RESOLUTION_METRIC}'`,
    metricColumns: [],
    value: '(resolved_at - opened_at)',
    where: (q) => q.whereIn('status', ['resolved', 'closed']),
  },
];

const CONVERSATION_SUMS: Partial<Record<DailyColumn, string>> = {
  conversations: 'count(*)',
  deflected: 'sum(case when handed_off then 0 when ended_at is null then 0 else 1 end)',
  bot_resolved: 'sum(case when handed_off then 0 when ended_at is null then 0 when resolved_by_bot then 1 else 0 end)',
  handed_off: 'sum(case when handed_off then 1 else 0 end)',
  out_of_scope: 'sum(case when out_of_scope then 1 else 0 end)',
};

/**
 * The additive figures of the rows whose time lies in `ranges` (one channel or all), from the
 * source tables, grouped by UTC day and channel: the same definitions as the raw stats queries
 * (volume.ts, csat.ts, rates.ts, response-time.ts, first-response.ts, resolution.ts, breakdowns.ts).
 * With `unitMs` = HOUR_MS they are grouped by UTC hour instead, and `day` holds the hour number.
 */
export async function rawDayFigures(db: Knex, ranges: readonly TimeRange[], channel: string | null, unitMs = DAY_MS): Promise<DayFigures> {
  if (ranges.length === 0) return { daily: [], intents: [], durations: [] };
  const dayOf = (time: string) => `${time} / ${unitMs}`;
  const grouped = (from: Knex.QueryBuilder, time: string, channelColumn: string, selects: string[], extraGroup: string[] = []) =>
    selectRows(
      inRanges(from, time, ranges, channel, channelColumn)
        .select(db.raw(`${dayOf(time)} as day`), db.raw(`${channelColumn} as channel`), ...selects.map((s) => db.raw(s)))
        .groupByRaw([dayOf(time), channelColumn, ...extraGroup].join(', ')),
    );
  const sumsOf = (sums: Partial<Record<DailyColumn, string>>) => Object.entries(sums).map(([column, sql]) => `${sql} as ${column}`);
  // One connection in a transaction (the rebuild): one query at a time. Else in parallel.
  const all = <T>(queries: Array<() => Promise<T>>): Promise<T[]> =>
    db.isTransaction
      ? queries.reduce(async (done, q) => [...(await done), await q()], Promise.resolve([] as T[]))
      : Promise.all(queries.map((q) => q()));
  const [conversations, ...rest] = await all([
    () =>
      grouped(db('conversations'), 'started_at', 'channel_id', ['first_intent as intent', ...sumsOf(CONVERSATION_SUMS)], ['first_intent']),
    ...SPECS.map((s) => () => grouped((s.where ?? ((q) => q))(s.from(db)), s.time, s.channel, sumsOf(s.sums))),
    // Grouped by exact value (few per partial day), bucketed below: a CASE over every
    // bucket range would make each statement kilobytes long to prepare.
    ...DURATIONS.map(
      (s) => () =>
        grouped(
          s.where(s.from(db)),
          s.time,
          s.channel,
          [`${s.metric} as metric`, `${s.value} as v`, 'count(*) as n'],
          [...s.metricColumns, s.value],
        ),
    ),
  ]);
  const counts = rest.slice(0, SPECS.length);
  const durations = rest.slice(SPECS.length);
  const numbers = (r: Record<string, unknown>) => {
    const out: Partial<DailyFigures> & { day: number; channel: string } = { day: Number(r.day), channel: String(r.channel) };
    for (const [key, value] of Object.entries(r))
      if (key !== 'day' && key !== 'channel' && key !== 'intent') Object.assign(out, { [key]: toCount(value) });
    return out;
  };
  return {
    daily: mergeDaily([...conversations, ...counts.flat()].map(numbers)),
    intents: conversations.map((r) => ({
      day: Number(r.day),
      channel: String(r.channel),
      intent: r.intent === null || r.intent === undefined ? null : String(r.intent),
      conversations: toCount(r.conversations),
    })),
    durations: bucketDurations(durations.flat()),
  };
}

/** Adds up per-value duration counts (`day`, `channel`, `metric`, `v`, `n` rows) into buckets. */
function bucketDurations(rows: ReadonlyArray<Record<string, unknown>>): DayFigures['durations'] {
  const cells = new Map<string, DayFigures['durations'][number]>();
  for (const r of rows) {
    const value = Number(r.v);
    const n = toCount(r.n);
    const cell = {
      day: Number(r.day),
      channel: String(r.channel),
      metric: String(r.metric),
      bucket: durationBucket(value),
      n: 0,
      total: 0,
    };
    const key = `${cell.day}\u0000${cell.channel}\u0000${cell.metric}\u0000${cell.bucket}`;
    const target = cells.get(key) ?? cell;
    target.n += n;
    target.total += value * n;
    cells.set(key, target);
  }
  return [...cells.values()];
}
