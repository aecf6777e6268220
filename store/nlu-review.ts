import type { Knex } from 'knex';
import { redactText } from '../common/redact';
import { decodeCursor, encodeCursor } from './keyset-cursor';
import { languageOfMessage } from './messages';
import type { DbNluExampleRow } from './nlu-examples';
import type { DbMessageRow } from './tables';

/**
 * Why a customer message is in the review queue: the NLU found it out of scope, its top two
 * intents were close, the customer said "No" to the KB answer it led to, the customer chose
 * between two intents, or an agent corrected the intent of the ticket it opened.
 */
export type ReviewReason = 'out_of_scope' | 'small_margin' | 'kb_no' | 'clarify_choice' | 'agent_corrected';

/** One signal that a message needs a label. */
export interface ReviewSignal {
  messageId: number;
  conversationId: string;
  reason: ReviewReason;
  /** The intent the signal points at (the customer's choice, the agent's correction). */
  label?: string | null;
  now: number;
}

/** Puts a message in the review queue for one reason; a repeated signal changes nothing. */
export async function flagForReview(db: Knex, s: ReviewSignal): Promise<void> {
  await db('nlu_review')
    .insert({
      message_id: s.messageId,
      conversation_id: s.conversationId,
      reason: s.reason,
      label: s.label ?? null,
      language: languageOfMessage(db, s.messageId),
      created_at: s.now,
    })
    .onConflict(['message_id', 'reason'])
    .ignore();
}

/** Takes a labelled message out of the queue. */
export async function resolveReview(db: Knex, messageId: number, now: number): Promise<void> {
  await db('nlu_review').where({ message_id: messageId }).whereNull('resolved_at').update({ resolved_at: now });
}

/** One message of the queue, as `GET /admin/nlu/review` lists it. */
export interface ReviewItem {
  messageId: number;
  conversationId: string;
  /** The customer's words, redacted like the logs. */
  text: string;
  guess: { intent: string | null; confidence: number | null; outOfScope: boolean };
  /** The language the message was answered in (`en` for messages from before languages). */
  language: string;
  reasons: Array<{ reason: ReviewReason; label: string | null }>;
  /** The customer's pending suggestion for this message, for a one-click confirm. */
  suggestion: { id: number; intent: string; source: string } | null;
  createdAt: string;
}

/** A page of the queue, newest message first; `next` is the cursor of the following page. */
export interface ReviewPage {
  items: ReviewItem[];
  next: string | null;
}

/**
 * The unresolved review queue, one entry per message (with all its reasons; a message with a
 * customer's pending suggestion is there too, for an admin to confirm), newest first,
 * paged by keyset on the message's time and id. Messages whose text retention cleared drop out.
 */
export async function listReview(db: Knex, page: { limit: number; cursor?: string }): Promise<ReviewPage> {
  const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
  const rows: DbMessageRow[] = await db<DbMessageRow>('messages as m')
    // Driven by the (small) queue, not by a scan of all messages.
    .whereIn('m.id', (q) =>
      q
        .select('message_id')
        .from('nlu_review')
        .whereNull('resolved_at')
        .union((u) => u.select('message_id').from('nlu_examples').where({ status: 'suggested' }).whereNotNull('message_id')),
    )
    .whereNotNull('m.text')
    .modify((q) => {
      if (after)
        q.where((w) =>
          w.where('m.created_at', '<', after.at).orWhere((x) => x.where('m.created_at', after.at).andWhere('m.id', '<', after.id)),
        );
    })
    .orderBy([
      { column: 'm.created_at', order: 'desc' },
      { column: 'm.id', order: 'desc' },
    ])
    .limit(page.limit + 1)
    .select('m.*');
  const shown = rows.slice(0, page.limit);
  const ids = shown.map((r) => r.id);
  const reasons = await db('nlu_review').whereIn('message_id', ids).whereNull('resolved_at').orderBy('id');
  const suggestions: DbNluExampleRow[] = await db('nlu_examples').whereIn('message_id', ids).where({ status: 'suggested' }).orderBy('id');
  const last = shown[shown.length - 1];
  return {
    items: shown.map((m) => ({
      messageId: Number(m.id),
      conversationId: m.conversation_id,
      text: redactText(m.text ?? ''),
      guess: { intent: m.intent, confidence: m.confidence, outOfScope: Boolean(m.out_of_scope) },
      language: m.language ?? 'en',
      reasons: reasons.filter((r) => Number(r.message_id) === Number(m.id)).map((r) => ({ reason: r.reason, label: r.label })),
      suggestion: suggestionOf(suggestions.find((s) => Number(s.message_id) === Number(m.id))),
      createdAt: new Date(Number(m.created_at)).toISOString(),
    })),
    next: rows.length > page.limit && last ? encodeCursor({ at: Number(last.created_at), id: Number(last.id) }) : null,
  };
}

function suggestionOf(row: DbNluExampleRow | undefined): ReviewItem['suggestion'] {
  return row ? { id: row.id, intent: row.intent, source: row.source } : null;
}

/** A stored customer message to label: its text, conversation and customer; undefined when unknown or without text. */
export async function messageToLabel(
  db: Knex,
  messageId: number,
): Promise<{ id: number; text: string; conversationId: string; customerId: string } | undefined> {
  const row = await db('messages as m')
    .join('conversations as c', 'c.id', 'm.conversation_id')
    .where({ 'm.id': messageId, 'm.role': 'customer' })
    .whereNotNull('m.text')
    .first('m.id', 'm.text', 'm.conversation_id', 'c.customer_id');
  return row && { id: Number(row.id), text: row.text, conversationId: row.conversation_id, customerId: row.customer_id };
}
