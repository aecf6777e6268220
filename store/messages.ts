import type { Knex } from 'knex';
import { groupCommitOf } from './group-commit';
import type { SqliteRunner, SqliteValue } from './sqlite-statements';
import type { DbMessageRow, MessageKind, MessageRole } from './tables';

/** A customer message as it arrives, before it is understood. */
export interface IncomingMessage {
  conversationId: string;
  channelId: string;
  /** Unique per channel activity; null when the channel gave no activity id. */
  dedupKey: string | null;
  activityId: string | null;
  role: MessageRole;
  kind: MessageKind;
  text: string | null;
  /** A card submit's payload (kind `card_action`). */
  value: unknown;
  /** The language chosen for the message. */
  language: string;
  now: number;
}

/**
 * The outcome of {@link claimIncoming}: this delivery holds the claim and runs the turn
 * (`claimed`, with the language stored by the first delivery: a redelivery keeps it), an
 * earlier delivery completed it (`handled`), or another delivery holds an unexpired claim
 * (`busy`, until `claimUntil`).
 */
export type MessageClaim =
  | { status: 'claimed'; id: number; language: string | null }
  | { status: 'handled'; id: number }
  | { status: 'busy'; id: number; claimUntil: number };

/**
 * Stores a customer message before its turn runs; the insert on the unique dedup key is the
 * claim on the activity. A redelivery takes the claim over only when the earlier one was
 * released (its turn failed) or expired (its instance died): never while it runs.
 */
export async function claimIncoming(db: Knex, m: IncomingMessage, claimUntil: number): Promise<MessageClaim> {
  const row = {
    conversation_id: m.conversationId,
    channel_id: m.channelId,
    dedup_key: m.dedupKey,
    activity_id: m.activityId,
    direction: 'in' as const,
    role: m.role,
    kind: m.kind,
    text: m.text,
    value: m.value === undefined ? null : JSON.stringify(m.value),
    created_at: m.now,
    claim_until: claimUntil,
    language: m.language,
  };
  const batched = groupCommitOf(db);
  if (batched) return batched.run((s) => claimOnSqlite(s, Object.values(row), m, claimUntil));
  if (m.dedupKey === null) {
    const [inserted] = await db('messages').insert(row).returning('id');
    return { status: 'claimed', id: idOf(inserted), language: m.language };
  }
  const inserted = await db('messages').insert(row).onConflict('dedup_key').ignore().returning('id');
  if (inserted.length > 0) return { status: 'claimed', id: idOf(inserted[0]), language: m.language };
  const existing = await db<DbMessageRow>('messages').where({ dedup_key: m.dedupKey }).first('id');
  if (!existing) throw new Error(`message ${m.dedupKey} vanished after a conflicting insert`);
  return retakeClaim(db, existing.id, m.now, claimUntil);
}

/** The claim's insert on SQLite; the columns in the order of `claimIncoming`'s row. */
const INSERT_CLAIM = `insert into messages
  (conversation_id, channel_id, dedup_key, activity_id, direction, role, kind, text, value, created_at, claim_until, language)
  values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (dedup_key) do nothing returning id`;

/** {@link claimIncoming} and, on a conflict, {@link retakeClaim} in one batched write on SQLite. */
async function claimOnSqlite(s: SqliteRunner, values: SqliteValue[], m: IncomingMessage, claimUntil: number): Promise<MessageClaim> {
  const inserted = await s.get<{ id: number }>(INSERT_CLAIM, values);
  if (inserted) return { status: 'claimed', id: inserted.id, language: m.language };
  const existing = await s.get<{ id: number; language: string | null }>('select id, language from messages where dedup_key = ? limit 1', [
    m.dedupKey,
  ]);
  if (!existing) throw new Error(`message ${m.dedupKey} vanished after a conflicting insert`);
  const taken = await s.run(
    'update messages set claim_until = ? where id = ? and handled_at is null and (claim_until is null or claim_until <= ?)',
    [claimUntil, existing.id, m.now],
  );
  if (taken.changes === 1) return { status: 'claimed', id: existing.id, language: existing.language };
  const state = await s.get<Pick<DbMessageRow, 'handled_at' | 'claim_until'>>(
    'select handled_at, claim_until from messages where id = ? limit 1',
    [existing.id],
  );
  if (!state) throw new Error(`message ${existing.id} vanished while claimed`);
  if (state.handled_at !== null) return { status: 'handled', id: existing.id };
  return { status: 'busy', id: existing.id, claimUntil: Number(state.claim_until) };
}

/** Takes over the claim of a stored message whose claim was released or expired; else reports its state. */
export async function retakeClaim(db: Knex, id: number, now: number, claimUntil: number): Promise<MessageClaim> {
  const taken = await db('messages')
    .where({ id })
    .whereNull('handled_at')
    .andWhere((w) => w.whereNull('claim_until').orWhere('claim_until', '<=', now))
    .update({ claim_until: claimUntil });
  const row = await db<DbMessageRow>('messages').where({ id }).first('handled_at', 'claim_until', 'language');
  if (!row) throw new Error(`message ${id} vanished while claimed`);
  if (taken === 1) return { status: 'claimed', id, language: row.language };
  if (row.handled_at !== null) return { status: 'handled', id };
  return { status: 'busy', id, claimUntil: Number(row.claim_until) };
}

/**
 * Extends a running turn's claim (a heartbeat while it runs), so a slow but live turn is not
 * taken for a crashed one. False when the message was handled or its claim released meanwhile.
 */
export async function renewClaim(db: Knex, id: number, claimUntil: number): Promise<boolean> {
  const renewed = await db('messages')
    .where({ id })
    .whereNull('handled_at')
    .whereNotNull('claim_until')
    .update({ claim_until: claimUntil });
  return renewed === 1;
}

/** Gives the claim up after a failed turn, so the channel's retry runs the turn again at once. */
export async function releaseClaim(db: Knex, id: number): Promise<void> {
  await db('messages').where({ id }).whereNull('handled_at').update({ claim_until: null });
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
  const batched = groupCommitOf(db);
  if (batched) {
    await batched.run((s) =>
      understanding
        ? s.run(MARK_HANDLED_UNDERSTOOD, [now, ...Object.values(understanding), messageId])
        : s.run('update messages set handled_at = ?, claim_until = null where id = ?', [now, messageId]),
    );
    return;
  }
  await db('messages')
    .where({ id: messageId })
    .update({ handled_at: now, claim_until: null, ...understanding });
}

/** markHandled on SQLite; the understanding's columns in the order `markHandled` builds them. */
const MARK_HANDLED_UNDERSTOOD = `update messages set handled_at = ?, claim_until = null,
  intent = ?, confidence = ?, out_of_scope = ?, sentiment = ?, entities = ? where id = ?`;

/** A message the bot sent (its own reply or a relayed agent message). */
export interface OutgoingMessage {
  conversationId: string;
  channelId: string;
  role: Exclude<MessageRole, 'customer'>;
  kind: Exclude<MessageKind, 'card_action' | 'photo'>;
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
  const batched = groupCommitOf(db);
  if (batched) return batched.run((s) => storeOutgoingOnSqlite(s, m));
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
      kind: m.kind,
      text: m.text,
      activity_id: m.activityId,
      created_at: m.now,
    })
    .returning('id');
  return idOf(inserted);
}

/** {@link storeOutgoing} on SQLite: the same two statements, prepared, in one batched write. */
async function storeOutgoingOnSqlite(s: SqliteRunner, m: OutgoingMessage): Promise<number> {
  // In this order: alone in its batch the write has no transaction, and a failed update must not leave the reply stored.
  await s.run(
    `update messages set answered_at = ?, response_ms = ? - created_at, answered_by = ?
      where conversation_id = ? and role = 'customer' and answered_at is null and created_at <= ?`,
    [m.now, m.now, m.role, m.conversationId, m.now],
  );
  const inserted = await s.run(
    `insert into messages (conversation_id, channel_id, direction, role, kind, text, activity_id, created_at)
      values (?, ?, 'out', ?, ?, ?, ?, ?)`,
    [m.conversationId, m.channelId, m.role, m.kind, m.text, m.activityId, m.now],
  );
  return inserted.lastID;
}

/**
 * The stored language of a message, as a value to insert beside it (a review entry, an example
 * labelled from it): one statement, whoever flags the message. English when it has none.
 */
export function languageOfMessage(db: Knex, messageId: number): Knex.Raw {
  return db.raw(`coalesce((select language from messages where id = ?), 'en')`, [messageId]);
}

/** The language of the latest customer message among `messages` (in order), null when none has one. */
export function latestCustomerLanguage(messages: readonly Pick<DbMessageRow, 'role' | 'language'>[]): string | null {
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i].role === 'customer' && messages[i].language !== null) return messages[i].language;
  }
  return null;
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
