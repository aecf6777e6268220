import type { Knex } from 'knex';
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

/** Counts every message (in and out) stored in the window. */
export async function countMessages(db: Knex, window: StatsWindow): Promise<number> {
  const row = await inWindow(db('messages'), 'created_at', window).count({ n: '*' }).first();
  return toCount(row?.n);
}
