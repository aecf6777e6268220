import type { Knex } from 'knex';
import { DAY_MS } from '../../common/time';
import { dialectOf } from '../db';
import { inWindow, toCount, type StatsWindow } from './stats-window';

/** Conversation outcome counts of the window (conversations started in it). */
export interface ConversationCounts {
  conversations: number;
  customers: number;
  /** Ended without a handoff. */
  deflected: number;
  /** Deflected and confirmed solved ("Yes, that solved it" or a 4–5 rating). */
  botResolved: number;
  handedOff: number;
  outOfScope: number;
}

/** Counts conversations started in the window, their customers and outcomes, in one query. */
export async function countConversations(db: Knex, window: StatsWindow): Promise<ConversationCounts> {
  const row = await inWindow(db('conversations'), 'started_at', window)
    .select(
      db.raw('count(*) as conversations'),
      db.raw('count(distinct customer_id) as customers'),
      db.raw('sum(case when handed_off then 0 when ended_at is null then 0 else 1 end) as deflected'),
      db.raw('sum(case when handed_off then 0 when ended_at is null then 0 when resolved_by_bot then 1 else 0 end) as bot_resolved'),
      db.raw('sum(case when handed_off then 1 else 0 end) as handed_off'),
      db.raw('sum(case when out_of_scope then 1 else 0 end) as out_of_scope'),
    )
    .first();
  return {
    conversations: toCount(row?.conversations),
    customers: toCount(row?.customers),
    deflected: toCount(row?.deflected),
    botResolved: toCount(row?.bot_resolved),
    handedOff: toCount(row?.handed_off),
    outOfScope: toCount(row?.out_of_scope),
  };
}

/** On SQLite, windows longer than this count customers by probing each customer's conversations. */
const PROBE_CUSTOMERS_ABOVE_DAYS = 60;

/**
 * Distinct customers with a conversation started in the window. Not additive over days (a
 * customer active on two days counts once), so always read raw, each engine its fastest exact
 * way: PostgreSQL hashes the window's customer ids (`count(distinct)` would sort them); SQLite
 * counts distinct ids over a short window and, over a long one (where that sorts most of the
 * table), probes each customer's (customer_id, started_at) index once.
 */
export async function countCustomers(db: Knex, window: StatsWindow): Promise<number> {
  const inside = () => inWindow(db('conversations as c'), 'c.started_at', window, 'c.channel_id');
  let row: { n?: unknown } | undefined;
  if (dialectOf(db) === 'postgres') {
    row = await db.from(inside().select('c.customer_id').groupBy('c.customer_id').as('x')).count({ n: '*' }).first();
  } else if (window.to - window.from <= PROBE_CUSTOMERS_ABOVE_DAYS * DAY_MS) {
    row = await inside().select(db.raw('count(distinct c.customer_id) as n')).first();
  } else {
    row = await db('customers as cu')
      .whereExists(inside().whereRaw('c.customer_id = cu.id').select(db.raw('1')))
      .count({ n: '*' })
      .first();
  }
  return toCount(row?.n);
}

/** Counts every message (in and out) stored in the window. */
export async function countMessages(db: Knex, window: StatsWindow): Promise<number> {
  const row = await inWindow(db('messages'), 'created_at', window).count({ n: '*' }).first();
  return toCount(row?.n);
}
