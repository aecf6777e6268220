import type { Knex } from 'knex';
import { DAY_MS } from '../common/time';
import { ERASED } from './customer-erasure';
import { deleteNluExamples } from './nlu-examples';

/** What erased words are replaced with where a retention purge keeps the row. */
export const PURGED = '[purged]';

/** How many rows {@link purgeOldCustomerText} cleared or deleted, by what they held. */
export interface PurgeReport {
  messages: number;
  photos: number;
  tickets: number;
  agentNotes: number;
  surveyComments: number;
  dialogStates: number;
  directLineActivities: number;
  /** Email addresses not used within the period, and emails created before it. */
  emails: number;
  nluExamples: number;
  /** Intent model versions trained on one of those examples. */
  nluModels: number;
}

/**
 * Removes what customers wrote, and what agents wrote about them, once it is older than
 * `retentionDays`; the rows the metrics count stay. Covers every column that holds a customer's
 * words (store/customer-data-columns.ts lists them): message text, entities, card payloads and photos
 * (`value` holds e.g. a survey's comment), the subject and summary of tickets not updated
 * within the period, agent notes, survey comments, dialog state not saved within the period,
 * the Direct Line activity log, email addresses not offered or confirmed within the period, and
 * the email outbox (sent, failed or never sent alike), and NLU examples taken from conversations.
 */
export async function purgeOldCustomerText(db: Knex, retentionDays: number, now: number): Promise<PurgeReport> {
  const cutoff = now - retentionDays * DAY_MS;
  return {
    messages: await db('messages')
      .where('created_at', '<', cutoff)
      .andWhere((w) => w.whereNotNull('text').orWhereNotNull('value').orWhereNotNull('entities'))
      .update({ text: null, value: null, entities: null }),
    photos: await db('message_photos').where('created_at', '<', cutoff).delete(),
    tickets: await db('tickets')
      .where('updated_at', '<', cutoff)
      .andWhere((w) => w.whereNot('subject', PURGED).orWhereNotNull('summary'))
      // An erased ticket's subject says so: leave it.
      .whereNot('subject', ERASED)
      .update({ subject: PURGED, summary: null }),
    agentNotes: await db('ticket_events')
      .where({ type: 'note' })
      .where('created_at', '<', cutoff)
      .whereNot('data', JSON.stringify({ text: PURGED }))
      .update({ data: JSON.stringify({ text: PURGED }) }),
    surveyComments: await db('feedback')
      .whereNotNull('comment')
      .whereRaw('coalesce(answered_at, sent_at) < ?', [cutoff])
      .update({ comment: null }),
    dialogStates: await db('bot_state').where('updated_at', '<', cutoff).delete(),
    directLineActivities: await db('dl_activities').where('created_at', '<', cutoff).delete(),
    emails:
      (await db('customer_emails').where('updated_at', '<', cutoff).delete()) +
      (await db('email_outbox').where('created_at', '<', cutoff).delete()),
    ...(await purgeOldExamples(db, cutoff, now)),
  };
}

/**
 * Examples taken from conversations are customers' words (redacted, but words): they go with
 * the messages, and so do the model versions trained on them. An example labelled long after
 * its message was written goes with the message's text, not later. Examples an admin typed are
 * no customer's and stay.
 */
async function purgeOldExamples(db: Knex, cutoff: number, now: number): Promise<Pick<PurgeReport, 'nluExamples' | 'nluModels'>> {
  const old = (examples: Knex.QueryBuilder) =>
    examples
      .whereNotNull('conversation_id')
      .where((w) =>
        w
          .where('created_at', '<', cutoff)
          .orWhereExists((m) =>
            m.select('id').from('messages').whereRaw('messages.id = nlu_examples.message_id').where('messages.created_at', '<', cutoff),
          ),
      );
  const deleted = await db.transaction((tx) => deleteNluExamples(tx, old, now));
  return { nluExamples: deleted.examples, nluModels: deleted.models };
}
