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

/** True when this survey was already sent in this conversation. */
export async function surveyWasSent(db: Knex, conversationId: string, kind: SurveyKind): Promise<boolean> {
  return (await db('feedback').where({ conversation_id: conversationId, kind }).first('id')) !== undefined;
}

/** True when the survey was sent to this customer and is not answered yet. */
export async function surveyAwaitsAnswer(db: Knex, conversationId: string, customerId: string, kind: SurveyKind): Promise<boolean> {
  const row = await db('feedback')
    .where({ conversation_id: conversationId, customer_id: customerId, kind })
    .whereNull('answered_at')
    .first('id');
  return row !== undefined;
}

/** True when this conversation already voted on the article. */
export async function kbVoteExists(db: Knex, conversationId: string, articleId: string): Promise<boolean> {
  return (await db('kb_feedback').where({ conversation_id: conversationId, article_id: articleId }).first('id')) !== undefined;
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
