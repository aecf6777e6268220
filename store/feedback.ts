import type { Knex } from 'knex';

/** A survey after an agent handoff (`agent`) or a conversation the KB resolved (`kb`). */
export type SurveyKind = 'agent' | 'kb';

/** A survey sent to a customer. */
export interface SurveySent {
  conversationId: string;
  customerId: string;
  channelId: string;
  kind: SurveyKind;
  now: number;
}

/** A customer's answer to a survey. */
export interface SurveyAnswer {
  conversationId: string;
  customerId: string;
  kind: SurveyKind;
  rating: number;
  comment: string | null;
  sentiment: number | null;
  now: number;
}

/** A "did this help?" vote on a KB article. */
export interface KbVote {
  conversationId: string;
  articleId: string;
  helpful: boolean;
  channelId: string;
  now: number;
}

/** Records that a survey was sent (once per conversation and kind). Returns false if already sent. */
export async function recordSurveySent(db: Knex, s: SurveySent): Promise<boolean> {
  const inserted = await db('feedback')
    .insert({ conversation_id: s.conversationId, customer_id: s.customerId, channel_id: s.channelId, kind: s.kind, sent_at: s.now })
    .onConflict(['conversation_id', 'kind'])
    .ignore()
    .returning('id');
  return inserted.length > 0;
}

/** Stores the answer to a survey sent to this customer, once: a second answer (or another customer's) changes nothing and returns false. */
export async function recordSurveyAnswer(db: Knex, a: SurveyAnswer): Promise<boolean> {
  const updated = await db('feedback')
    .where({ conversation_id: a.conversationId, customer_id: a.customerId, kind: a.kind })
    .whereNull('answered_at')
    .update({ rating: a.rating, comment: a.comment, sentiment: a.sentiment, answered_at: a.now });
  return updated === 1;
}

/** Stores a KB yes/no once per conversation and article; returns false for a repeat click. */
export async function recordKbFeedback(db: Knex, f: KbVote): Promise<boolean> {
  const inserted = await db('kb_feedback')
    .insert({ conversation_id: f.conversationId, article_id: f.articleId, helpful: f.helpful, channel_id: f.channelId, created_at: f.now })
    .onConflict(['conversation_id', 'article_id'])
    .ignore()
    .returning('id');
  return inserted.length > 0;
}
