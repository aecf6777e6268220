import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { EndReason } from './conversations';
import { mentionsOf, whereMentions } from './customer-mentions';
import { dialogStateRows, directLineConversationsOf } from './customer-export';
import { dialectOf } from './db';
import { NotFoundError } from './errors';
import { deleteNluExamples } from './nlu-examples';
import type { DbCustomerRow } from './tables';

/** What {@link eraseCustomer} removed, and the id that now stands for the customer. */
export interface ErasureReport {
  /** The random id that replaced the customer's id in every table (`<channel>:erased-<hex>`). */
  tombstone: string;
  messages: number;
  /** Photos deleted with their messages. */
  photos: number;
  /** Survey answers kept for CSAT with their comment removed. */
  feedback: number;
  stateKeys: number;
  references: number;
  ticketsAnonymised: number;
  /** The email address on file and the emails queued or sent to it. */
  emails: number;
  /** Training examples (suggested or confirmed) taken from their conversations. */
  nluExamples: number;
  /** Intent model versions trained on one of those examples. */
  nluModels: number;
}

/** What erased words are replaced with where a row stays. */
export const ERASED = '[erased]';

// The tables an erasure rewrites or deletes from: PostgreSQL vacuums them afterwards.
const TOUCHED_TABLES = [
  'customers',
  'conversations',
  'messages',
  'message_photos',
  'feedback',
  'kb_feedback',
  'tickets',
  'ticket_events',
  'conversation_references',
  'bot_state',
  'dl_conversations',
  'dl_activities',
  'audit_log',
  'customer_emails',
  'email_outbox',
  'nlu_examples',
  'nlu_review',
  'nlu_models',
  'nlu_model_examples',
  // The presence roll-ups drop the customer's rows when their conversations move to the tombstone.
  'stats_customer_spans',
  'stats_customer_months',
];

/**
 * Erases a customer's personal data: messages and their photos, KB votes, dialog state,
 * conversation references, the email address on file with the emails to it, the Direct Line
 * log and the NLU examples and review entries from their conversations are deleted; tickets and conversations stay (anonymised) and survey
 * answers stay without their comment, so the metrics (CSAT included) keep their counts and times. The customer's id is replaced everywhere (customer row,
 * conversations, tickets, ticket events, audit paths and queries) by a random tombstone, so
 * nothing links the kept rows to the person. Open conversations end (reason `erased`): a later
 * message starts a new conversation under a new customer row. Afterwards the freed space is
 * scrubbed as far as the engine allows ({@link scrubFreedSpace}).
 */
export async function eraseCustomer(db: Knex, customerId: string, now: number): Promise<ErasureReport> {
  const report = await db.transaction(async (tx) => {
    const customer = await tx<DbCustomerRow>('customers').where({ id: customerId }).first();
    if (!customer) throw new NotFoundError(`Customer ${customerId} not found`);
    const hex = randomBytes(12).toString('hex');
    const tombstone = { id: `${customer.channel_id}:erased-${hex}`, userId: `erased-${hex}` };
    await tx('customers').insert({
      ...customer,
      id: tombstone.id,
      channel_user_id: tombstone.userId,
      name: null,
      erased_at: now,
    });
    const conversations = await tx('conversations')
      .where({ customer_id: customerId })
      .select('id', 'channel_id', 'channel_conversation_id');
    const ids = conversations.map((c) => c.id);
    const dlConversationIds = (await directLineConversationsOf(tx, customer, conversations)).map((c) => c.id);
    const ticketIds = (await tx('tickets').where({ customer_id: customerId }).select('id')).map((t) => t.id);
    const result: ErasureReport = {
      tombstone: tombstone.id,
      photos: await tx('message_photos').whereIn('conversation_id', ids).delete(),
      messages: await tx('messages').whereIn('conversation_id', ids).delete(),
      // Ratings stay for CSAT, without the comment and under the tombstone.
      feedback: await tx('feedback').where({ customer_id: customerId }).update({ comment: null, customer_id: tombstone.id }),
      stateKeys: await dialogStateRows(tx, customer, conversations).delete(),
      references: await tx('conversation_references').where({ customer_id: customerId }).delete(),
      ticketsAnonymised: await tx('tickets')
        .whereIn('id', ticketIds)
        .update({ customer_id: tombstone.id, subject: ERASED, summary: null, source_key: null, order_number: null }),
      emails:
        (await tx('customer_emails').where({ customer_id: customerId }).delete()) +
        (await tx('email_outbox').where({ customer_id: customerId }).delete()),
      ...(await erasedExamples(tx, ids, customerId, now)),
    };
    await tx('nlu_review').whereIn('conversation_id', ids).delete();
    await tx('kb_feedback').whereIn('conversation_id', ids).delete();
    await tx('ticket_events')
      .whereIn('ticket_id', ticketIds)
      .where({ type: 'note' })
      .update({ data: JSON.stringify({ text: ERASED }) });
    await tx('ticket_events').whereIn('ticket_id', ticketIds).where({ actor: customerId }).update({ actor: tombstone.id });
    await tx('dl_activities').whereIn('conversation_id', dlConversationIds).delete();
    await tx('dl_conversations').whereIn('id', dlConversationIds).delete();
    await tx('conversations')
      .whereIn('id', ids)
      .whereNull('ended_at')
      .update({ ended_at: now, end_reason: 'erased' satisfies EndReason });
    await tx('conversations').whereIn('id', ids).update({ customer_id: tombstone.id, channel_conversation_id: tombstone.userId });
    await replaceMentionsInAudit(tx, mentionsOf(customer), tombstone.id);
    await tx('customers').where({ id: customerId }).delete();
    return result;
  });
  await scrubFreedSpace(db);
  return report;
}

/** Deletes the examples from the customer's conversations and the model versions trained on them. */
async function erasedExamples(tx: Knex.Transaction, conversationIds: string[], customerId: string, now: number) {
  const deleted = await deleteNluExamples(
    tx,
    (examples) => examples.where((w) => w.whereIn('conversation_id', conversationIds).orWhere({ customer_id: customerId })),
    now,
  );
  return { nluExamples: deleted.examples, nluModels: deleted.models };
}

/** Rewrites audit paths and queries that name the customer (in any of its `mentions`) to name `replacement`. */
async function replaceMentionsInAudit(tx: Knex, mentions: string[], replacement: string): Promise<void> {
  const rows = await whereMentions(tx('audit_log'), ['action', 'detail'], mentions).select('id', 'action', 'detail');
  // Longest first: a mention may contain a shorter one (the full id contains the user id).
  const ordered = [...mentions].sort((a, b) => b.length - a.length);
  const rewrite = (text: string) => ordered.reduce((t, m) => t.split(m).join(replacement), text);
  for (const row of rows) {
    await tx('audit_log')
      .where({ id: row.id })
      .update({ action: rewrite(row.action), detail: row.detail === null ? null : rewrite(row.detail) });
  }
}

/**
 * Makes deleted rows unreadable on disk as far as the engine allows. SQLite (with
 * `secure_delete`, see store/db.ts) has already zeroed them in the pages; the WAL still holds
 * older copies of those pages until a checkpoint copies it back and truncates it. PostgreSQL
 * keeps dead row versions in the table files until VACUUM prunes them, and VACUUM cannot run
 * inside the erasure's transaction, so it runs after it on the tables the erasure touched
 * (docs/security.md says what it does not reach).
 */
export async function scrubFreedSpace(db: Knex): Promise<void> {
  if (dialectOf(db) === 'sqlite') {
    await db.raw('PRAGMA wal_checkpoint(TRUNCATE)');
    return;
  }
  await db.raw(`vacuum ${TOUCHED_TABLES.map(() => '??').join(', ')}`, TOUCHED_TABLES);
}
