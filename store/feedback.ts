import type { Knex } from 'knex';

/** A survey after an agent handoff (`agent`) or a conversation the KB resolved (`kb`). */
export type SurveyKind = 'agent' | 'kb';

/** Records that a survey was sent (once per conversation and kind). Returns false if already sent. */
export async function recordSurveySent(
  db: Knex,
  s: { conversationId: string; customerId: string; channelId: string; kind: SurveyKind; now: number },
): Promise<boolean> {
  const inserted = await db('feedback')
    .insert({ conversation_id: s.conversationId, customer_id: s.customerId, channel_id: s.channelId, kind: s.kind, sent_at: s.now })
    .onConflict(['conversation_id', 'kind'])
    .ignore()
    .returning('id');
  return inserted.length > 0;
}

/** Stores the answer to a survey sent to this customer, once: a second answer (or another customer's) changes nothing and returns false. */
export async function recordSurveyAnswer(
  db: Knex,
  a: {
    conversationId: string;
    customerId: string;
    kind: SurveyKind;
    rating: number;
    comment: string | null;
    sentiment: number | null;
    now: number;
  },
): Promise<boolean> {
  const updated = await db('feedback')
    .where({ conversation_id: a.conversationId, customer_id: a.customerId, kind: a.kind })
    .whereNull('answered_at')
    .update({ rating: a.rating, comment: a.comment, sentiment: a.sentiment, answered_at: a.now });
  return updated === 1;
}

/** Stores a KB yes/no once per conversation and article; returns false for a repeat click. */
export async function recordKbFeedback(
  db: Knex,
  f: { conversationId: string; articleId: string; helpful: boolean; channelId: string; now: number },
): Promise<boolean> {
  const inserted = await db('kb_feedback')
    .insert({ conversation_id: f.conversationId, article_id: f.articleId, helpful: f.helpful, channel_id: f.channelId, created_at: f.now })
    .onConflict(['conversation_id', 'article_id'])
    .ignore()
    .returning('id');
  return inserted.length > 0;
}

/** A survey sent to a customer and not answered yet. */
export interface PendingSurvey {
  conversationId: string;
  kind: SurveyKind;
}

/** The customer's latest unanswered survey sent at or after `since`, if any (what a typed rating answers). */
export async function pendingSurveyOf(db: Knex, customerId: string, since: number): Promise<PendingSurvey | undefined> {
  const row = await db('feedback')
    .where({ customer_id: customerId })
    .whereNull('answered_at')
    .where('sent_at', '>=', since)
    .orderBy([
      { column: 'sent_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .first('conversation_id', 'kind');
  return row ? { conversationId: row.conversation_id, kind: row.kind } : undefined;
}
