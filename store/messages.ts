import type { Knex } from 'knex';
import type { DbMessageRow, MessageRole } from './tables';

/** A customer message as it arrives, before it is understood. */
export interface IncomingMessage {
  conversationId: string;
  channelId: string;
  /** Unique per channel activity; null when the channel gave no activity id. */
  dedupKey: string | null;
  activityId: string | null;
  role: MessageRole;
  text: string | null;
  now: number;
}

/** Result of {@link storeIncoming}. */
export interface StoredIncoming {
  id: number;
  /** True when this activity had been stored before (a redelivery). */
  duplicate: boolean;
  /** True when the earlier delivery's turn completed. */
  handled: boolean;
}

/**
 * Stores a customer (or agent) message before its turn runs, exactly once per activity:
 * a redelivered activity returns the existing row with `duplicate: true`.
 */
export async function storeIncoming(db: Knex, m: IncomingMessage): Promise<StoredIncoming> {
  const row = {
    conversation_id: m.conversationId,
    channel_id: m.channelId,
    dedup_key: m.dedupKey,
    activity_id: m.activityId,
    direction: 'in' as const,
    role: m.role,
    text: m.text,
    created_at: m.now,
  };
  if (m.dedupKey === null) {
    const [inserted] = await db('messages').insert(row).returning('id');
    return { id: idOf(inserted), duplicate: false, handled: false };
  }
  const inserted = await db('messages').insert(row).onConflict('dedup_key').ignore().returning('id');
  if (inserted.length > 0) return { id: idOf(inserted[0]), duplicate: false, handled: false };
  const existing = await db<DbMessageRow>('messages').where({ dedup_key: m.dedupKey }).first('id', 'handled_at');
  if (!existing) throw new Error(`message ${m.dedupKey} vanished after a conflicting insert`);
  return { id: existing.id, duplicate: true, handled: existing.handled_at !== null };
}

/** What the NLU found in a customer message. */
export interface MessageUnderstanding {
  intent: string;
  confidence: number;
  outOfScope: boolean;
  sentiment: number;
  entities: unknown[];
}

/**
 * Marks the turn of a stored message as complete (a redelivery then runs no second turn) and
 * records what the NLU found in it, when the turn classified it: one write at the end of the
 * turn instead of two.
 */
export async function markHandled(db: Knex, messageId: number, now: number, u?: MessageUnderstanding): Promise<void> {
  const understanding = u && {
    intent: u.intent,
    confidence: u.confidence,
    out_of_scope: u.outOfScope,
    sentiment: u.sentiment,
    entities: JSON.stringify(u.entities),
  };
  await db('messages')
    .where({ id: messageId })
    .update({ handled_at: now, ...understanding });
}

/** A message the bot sent (its own reply or a relayed agent message). */
export interface OutgoingMessage {
  conversationId: string;
  channelId: string;
  role: Exclude<MessageRole, 'customer'>;
  text: string | null;
  activityId: string | null;
  now: number;
}

/**
 * Stores a message the channel has accepted, after marking the customer messages it answers
 * with their response time (the classic definition: question → next bot or agent reply).
 *
 * Two statements, no transaction (BEGIN and COMMIT would double the statements of the
 * busiest write): the reply was already delivered when this runs, so the questions are
 * answered whatever happens next, and a crash between the two loses only the reply's row,
 * as a crash just before a transaction would have.
 */
export async function storeOutgoing(db: Knex, m: OutgoingMessage): Promise<number> {
  await db('messages')
    .where({ conversation_id: m.conversationId, role: 'customer' })
    .whereNull('answered_at')
    .where('created_at', '<=', m.now)
    .update({
      answered_at: m.now,
      response_ms: db.raw('? - created_at', [m.now]),
      answered_by: m.role,
    });
  const [inserted] = await db('messages')
    .insert({
      conversation_id: m.conversationId,
      channel_id: m.channelId,
      direction: 'out',
      role: m.role,
      text: m.text,
      activity_id: m.activityId,
      created_at: m.now,
    })
    .returning('id');
  return idOf(inserted);
}

/** The stored messages of a conversation in order. */
export async function listMessages(db: Knex, conversationId: string): Promise<DbMessageRow[]> {
  return db<DbMessageRow>('messages')
    .where({ conversation_id: conversationId })
    .orderBy([{ column: 'created_at' }, { column: 'id' }]);
}

function idOf(returned: unknown): number {
  return typeof returned === 'object' && returned !== null && 'id' in returned
    ? Number((returned as { id: unknown }).id)
    : Number(returned);
}
