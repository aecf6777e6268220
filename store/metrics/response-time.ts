import type { Knex } from 'knex';
import { dialectOf } from '../db';
import { durationHistogram, percentileFromHistogram, type Histogram } from './duration-histogram';
import { nearestRank, type DurationSummary } from './percentiles';
import type { ResponseTimeStats } from './stats-types';
import { inWindow, toCount, type StatsWindow } from './stats-window';

type Responder = 'bot' | 'agent';

/** Options of {@link computeResponseTime}. */
export interface ResponseTimeOptions {
  /**
   * On SQLite, windows with more answered questions than this read percentiles by walking the
   * index ordered by response time instead of a histogram (whose GROUP BY sorts the window).
   */
  indexWalkAbove?: number;
}

/**
 * Response time of the customer questions asked in the window: from the customer message to
 * the first bot or agent reply after it (`response_ms`, written when that reply is stored).
 * Questions never answered are not counted. Mean = total ÷ questions; median and p90 by
 * nearest rank (exact on both engines, whichever way they are read); split by who answered.
 */
export async function computeResponseTime(db: Knex, window: StatsWindow, options: ResponseTimeOptions = {}): Promise<ResponseTimeStats> {
  const totals = await answered(db, window)
    .select(
      db.raw('count(*) as n'),
      db.raw('sum(response_ms) as total'),
      db.raw("sum(case when answered_by = 'bot' then 1 else 0 end) as bot_n"),
      db.raw("sum(case when answered_by = 'bot' then response_ms else 0 end) as bot_total"),
      db.raw("sum(case when answered_by = 'agent' then 1 else 0 end) as agent_n"),
      db.raw("sum(case when answered_by = 'agent' then response_ms else 0 end) as agent_total"),
    )
    .first();
  const n = toCount(totals?.n);
  const walk = dialectOf(db) === 'sqlite' && n > (options.indexWalkAbove ?? 100_000);
  const histogram: Histogram = walk ? [] : await durationHistogram(db, () => answered(db, window), 'response_ms', 'answered_by');
  const summarise = async (count: number, total: number, responder?: Responder): Promise<DurationSummary & { questions: number }> => {
    const base = () => answered(db, window, responder, walk);
    const part = histogram.filter((r) => responder === undefined || r.group === responder);
    const at = (percent: number) =>
      walk ? nearestRank(db, base, 'response_ms', count, percent) : percentileFromHistogram(db, base, 'response_ms', part, percent);
    const [medianMs, p90Ms] = await Promise.all([at(50), at(90)]);
    return { questions: count, avgMs: count > 0 ? total / count : null, medianMs, p90Ms };
  };
  const [all, bot, agent] = await Promise.all([
    summarise(n, toCount(totals?.total)),
    summarise(toCount(totals?.bot_n), toCount(totals?.bot_total), 'bot'),
    summarise(toCount(totals?.agent_n), toCount(totals?.agent_total), 'agent'),
  ]);
  return { ...all, bot, agent };
}

/**
 * Answered customer messages of the window. With `walk` (SQLite only), the query names the
 * index ordered by response time, so `ORDER BY … OFFSET` walks it instead of sorting.
 */
function answered(db: Knex, window: StatsWindow, responder?: Responder, walk = false): Knex.QueryBuilder {
  const index = responder ? 'messages_answered_by_order' : 'messages_answered_order';
  const table = walk ? db.from(db.raw(`messages indexed by ${index}`)) : db('messages');
  const q = inWindow(table, 'created_at', window).whereNotNull('response_ms');
  return responder ? q.andWhere('answered_by', responder) : q;
}
