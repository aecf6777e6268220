import type { Language } from '../common/languages';
import type { Knex } from 'knex';
import { redactText } from '../common/redact';
import { DAY_MS } from '../common/time';
import { dialectOf } from './db';
import { ConflictError, NotFoundError } from './errors';
import { idChunks } from './id-chunks';
import { languageOfMessage } from './messages';
import { removeModelsTrainedOn } from './nlu-models';

/** A suggested example waits for an admin; a confirmed one is training data (see part B's retrain). */
export type ExampleStatus = 'suggested' | 'confirmed';

/**
 * Where an example came from: an admin's label (`admin`), a customer's choice between two
 * intents (`clarify_choice`), a customer's "Yes" to the first KB answer (`kb_yes`).
 */
export type ExampleSource = 'admin' | 'clarify_choice' | 'kb_yes';

/** A customer may suggest at most this many examples a day; more are dropped, not queued. */
export const SUGGESTIONS_PER_CUSTOMER_PER_DAY = 3;

/** A row of `nlu_examples`. */
export interface DbNluExampleRow {
  id: number;
  text: string;
  intent: string;
  status: ExampleStatus;
  source: ExampleSource;
  conversation_id: string | null;
  message_id: number | null;
  customer_id: string | null;
  /** The language of the message it came from (`en` for free text and rows from before languages). */
  language: string;
  suggested_by: string | null;
  confirmed_by: string | null;
  created_at: number;
  confirmed_at: number | null;
}

/** A customer's signal that a message meant an intent, to be confirmed by an admin. */
export interface ExampleSuggestion {
  text: string;
  intent: string;
  source: Exclude<ExampleSource, 'admin'>;
  conversationId: string;
  messageId: number;
  customerId: string;
  now: number;
}

/**
 * Stores a suggested example (redacted) unless the customer already made
 * {@link SUGGESTIONS_PER_CUSTOMER_PER_DAY} in the last 24 hours or the message already
 * suggested from this source. True when stored.
 */
export async function suggestExample(db: Knex, s: ExampleSuggestion): Promise<boolean> {
  // Count and insert under the customer's row lock: turns of several conversations at once
  // must not all see room under the cap (SQLite runs one transaction at a time anyway).
  return db.transaction(async (tx) => {
    if (dialectOf(tx) === 'postgres') await tx('customers').where({ id: s.customerId }).forUpdate().select('id');
    await lockMessage(tx, s.messageId);
    // An admin already said what the message means: a customer's later signal adds nothing.
    if (await tx('nlu_examples').where({ message_id: s.messageId, status: 'confirmed' }).first('id')) return false;
    const [{ n }] = await tx('nlu_examples')
      .where({ customer_id: s.customerId, status: 'suggested' })
      .whereNot({ source: 'admin' })
      .where('created_at', '>', s.now - DAY_MS)
      .count({ n: '*' });
    if (Number(n) >= SUGGESTIONS_PER_CUSTOMER_PER_DAY) return false;
    const inserted = await tx('nlu_examples')
      .insert({
        text: redactText(s.text),
        intent: s.intent,
        status: 'suggested',
        source: s.source,
        conversation_id: s.conversationId,
        message_id: s.messageId,
        customer_id: s.customerId,
        language: languageOfMessage(tx, s.messageId),
        suggested_by: 'customer',
        created_at: s.now,
      })
      .onConflict(['message_id', 'source'])
      .ignore()
      .returning('id');
    return inserted.length > 0;
  });
}

/**
 * Serialises the labels and confirmations of one message on PostgreSQL (its row lock), so that
 * two admins at once leave it one example; SQLite runs one transaction at a time anyway.
 */
async function lockMessage(tx: Knex.Transaction, messageId: number): Promise<void> {
  if (dialectOf(tx) === 'postgres') await tx('messages').where({ id: messageId }).forUpdate().select('id');
}

/** An admin's label: free text, or a stored customer message with its conversation and customer. */
export type AdminLabel =
  | { text: string; language: Language; intent: string; admin: string; now: number }
  | {
      message: { id: number; text: string; conversationId: string; customerId: string };
      intent: string;
      admin: string;
      now: number;
    };

/**
 * Records an admin's label as a confirmed example. A labelled message keeps one example: its
 * customer's suggestion, if any, is confirmed under the admin's intent (a suggestion counts only
 * this way), and a later label relabels it. Returns the confirmed example.
 */
export async function labelExample(db: Knex, label: AdminLabel): Promise<DbNluExampleRow> {
  const confirmed = { status: 'confirmed', intent: label.intent, confirmed_by: label.admin, confirmed_at: label.now };
  if (!('message' in label)) {
    const [row] = await db('nlu_examples')
      .insert({
        text: redactText(label.text),
        language: label.language,
        source: 'admin',
        suggested_by: label.admin,
        created_at: label.now,
        ...confirmed,
      })
      .returning('*');
    return row;
  }
  const { message } = label;
  return db.transaction(async (tx): Promise<DbNluExampleRow> => {
    await lockMessage(tx, message.id);
    const existing = await tx<DbNluExampleRow>('nlu_examples').where({ message_id: message.id }).orderBy('id').first();
    if (existing) {
      await tx('nlu_examples').where({ id: existing.id }).update(confirmed);
      await tx('nlu_examples').where({ message_id: message.id }).whereNot({ id: existing.id }).delete();
      return { ...existing, ...confirmed } as DbNluExampleRow;
    }
    const [row] = await tx('nlu_examples')
      .insert({
        text: redactText(message.text),
        source: 'admin',
        conversation_id: message.conversationId,
        message_id: message.id,
        customer_id: message.customerId,
        language: languageOfMessage(tx, message.id),
        suggested_by: label.admin,
        created_at: label.now,
        ...confirmed,
      })
      .returning('*');
    return row;
  });
}

/**
 * Confirms a suggested example as it is (its intent kept), dropping the message's other
 * suggestions. NotFoundError for an unknown id; ConflictError when a label or confirmation of
 * its message made at the same time replaced it.
 */
export async function confirmExample(db: Knex, id: number, admin: string, now: number): Promise<DbNluExampleRow> {
  return db.transaction(async (tx): Promise<DbNluExampleRow> => {
    const found = await tx<DbNluExampleRow>('nlu_examples').where({ id }).first();
    if (!found) throw new NotFoundError(`Example ${id} not found`);
    if (found.message_id !== null) await lockMessage(tx, Number(found.message_id));
    // Read again under the lock: a concurrent label or confirmation may have replaced it.
    const row = await tx<DbNluExampleRow>('nlu_examples').where({ id }).first();
    if (!row) throw new ConflictError(`Example ${id} was replaced by another label of its message`);
    if (row.status === 'confirmed') return row;
    const confirmed = { status: 'confirmed' as const, confirmed_by: admin, confirmed_at: now };
    await tx('nlu_examples').where({ id }).update(confirmed);
    // The same message may have been suggested twice (a clarify choice, then a "Yes"): one counts.
    if (row.message_id !== null) await tx('nlu_examples').where({ message_id: row.message_id, status: 'suggested' }).delete();
    return { ...row, ...confirmed };
  });
}

/** An example as the admin routes show it. */
export function exampleView(row: DbNluExampleRow) {
  return {
    id: row.id,
    text: row.text,
    intent: row.intent,
    status: row.status,
    source: row.source,
    conversationId: row.conversation_id,
    messageId: row.message_id === null ? null : Number(row.message_id),
    language: row.language,
    createdAt: new Date(Number(row.created_at)).toISOString(),
    confirmedAt: row.confirmed_at === null ? null : new Date(Number(row.confirmed_at)).toISOString(),
  };
}

/** What {@link deleteNluExamples} removed. */
export interface DeletedExamples {
  examples: number;
  /** Model versions trained on one of them (store/nlu-models.ts). */
  models: number;
}

/**
 * Deletes the examples `select` picks out of `nlu_examples`, and with them every model version
 * trained on one of them, so that erased or purged words leave the models too.
 */
export async function deleteNluExamples(
  tx: Knex.Transaction,
  select: (examples: Knex.QueryBuilder) => Knex.QueryBuilder,
  now: number,
): Promise<DeletedExamples> {
  const rows: Array<{ id: number | string }> = await select(tx('nlu_examples')).select('id');
  const ids = rows.map((r) => Number(r.id));
  let examples = 0;
  for (const chunk of idChunks(ids)) examples += await tx('nlu_examples').whereIn('id', chunk).delete();
  return { examples, models: await removeModelsTrainedOn(tx, ids, now) };
}
