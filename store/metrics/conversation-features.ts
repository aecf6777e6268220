import type { Knex } from 'knex';

/**
 * One ended conversation as the satisfaction model sees it, with named figures (the model
 * decides their column order), its mean rating when rated, and what the estimates table needs
 * to be filtered by window.
 */
export interface ConversationFeatureRow {
  id: string;
  channelId: string;
  startedAt: number;
  /** Mean 1–5 rating of the conversation; null when unrated. */
  rating: number | null;
  /** Mean and lowest sentiment of the customer's messages (-1…1). */
  meanSentiment: number;
  minSentiment: number;
  /** Customer messages. */
  customerTurns: number;
  /** Mean and longest wait for a reply to a customer message. */
  avgResponseMs: number;
  maxResponseMs: number;
  /** 1 when the conversation was handed to an agent, else 0. */
  handedOff: number;
  /** Longest wait for an agent's first reply. */
  handoffWaitMs: number;
  /** 1 when the customer left while waiting for an agent, else 0. */
  abandoned: number;
  /** "Did this help?" answers: yes and no votes. */
  kbHelpful: number;
  kbUnhelpful: number;
  /** 1 when the conversation was flagged out of scope, else 0. */
  outOfScope: number;
}

// One row per ended conversation; every aggregate is grouped in SQL over indexed columns.
const SQL = `
select c.id, c.channel_id, c.started_at,
  case when c.handed_off then 1 else 0 end as handed_off,
  case when c.out_of_scope then 1 else 0 end as out_of_scope,
  m.mean_sentiment, m.min_sentiment, m.turns, m.avg_response, m.max_response,
  h.wait, h.abandoned, k.helpful, k.unhelpful, f.rating
from conversations c
left join (
  select conversation_id, avg(sentiment) as mean_sentiment, min(sentiment) as min_sentiment,
    count(*) as turns, avg(response_ms) as avg_response, max(response_ms) as max_response
  from messages where role = 'customer' group by conversation_id
) m on m.conversation_id = c.id
left join (
  select conversation_id,
    max(coalesce(first_agent_reply_at, ended_at, requested_at) - requested_at) as wait,
    max(case when status = 'abandoned' then 1 else 0 end) as abandoned
  from handoffs group by conversation_id
) h on h.conversation_id = c.id
left join (
  select conversation_id, sum(case when helpful then 1 else 0 end) as helpful,
    sum(case when helpful then 0 else 1 end) as unhelpful
  from kb_feedback group by conversation_id
) k on k.conversation_id = c.id
left join (
  select conversation_id, avg(rating) as rating from feedback where rating is not null group by conversation_id
) f on f.conversation_id = c.id
where c.ended_at is not null`;

/**
 * Features of every ended conversation with its mean rating when rated: sentiment of the
 * customer's messages, response waits, handoff wait and outcome, turns, KB votes, out-of-scope flag.
 */
export async function loadConversationFeatures(db: Knex): Promise<ConversationFeatureRow[]> {
  const result = (await db.raw(SQL)) as unknown;
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<Record<string, unknown>>;
  const n = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
  return rows.map((r) => ({
    id: String(r.id),
    channelId: String(r.channel_id),
    startedAt: Number(r.started_at),
    rating: r.rating === null || r.rating === undefined ? null : Number(r.rating),
    meanSentiment: n(r.mean_sentiment),
    minSentiment: n(r.min_sentiment),
    customerTurns: n(r.turns),
    avgResponseMs: n(r.avg_response),
    maxResponseMs: n(r.max_response),
    handedOff: n(r.handed_off),
    handoffWaitMs: n(r.wait),
    abandoned: n(r.abandoned),
    kbHelpful: n(r.helpful),
    kbUnhelpful: n(r.unhelpful),
    outOfScope: n(r.out_of_scope),
  }));
}
