import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { isShippedLanguage, REFERENCE_LANGUAGE, type Language } from '../common/languages';
import { dialectOf } from './db';
import { changedRows, groupCommitOf } from './group-commit';
import { placeholders, type SqliteRunner, type SqliteValue } from './sqlite-statements';
import type { DbConversationRow } from './tables';
import { UNRESOLVED_TICKET } from './tickets';

/** Why a conversation ended. */
export type EndReason = 'goodbye' | 'agent' | 'idle' | 'customer_left' | 'erased';

/** Input of {@link currentConversation}. */
export interface ConversationLookup {
  channelId: string;
  channelConversationId: string;
  customerId: string;
  now: number;
  /** A conversation silent for this long has ended; the next message starts a new one. */
  idleMs: number;
}

/**
 * The open conversation on this channel conversation, or a new one when there is none or the
 * last one went idle (which is then closed with reason `idle`).
 */
export async function currentConversation(db: Knex, q: ConversationLookup): Promise<DbConversationRow> {
  return (await touchActiveConversation(db, q)) ?? openConversation(db, q);
}

/**
 * The common case in one statement: the open conversation is still active, so it is only
 * touched. Undefined when there is none or it went idle.
 */
export async function touchActiveConversation(db: Knex, q: ConversationLookup): Promise<DbConversationRow | undefined> {
  const batched = groupCommitOf(db);
  if (batched) {
    const params = [q.now, q.channelId, q.channelConversationId, q.now - q.idleMs];
    return batched.run((s) => s.get<DbConversationRow>(TOUCH_ACTIVE_CONVERSATION, params));
  }
  const [touched] = await db<DbConversationRow>('conversations')
    .where(
      'id',
      db('conversations')
        .select('id')
        .where({ channel_id: q.channelId, channel_conversation_id: q.channelConversationId })
        .whereNull('ended_at')
        .orderBy('started_at', 'desc')
        .limit(1),
    )
    .where('last_activity_at', '>', q.now - q.idleMs)
    .update({ last_activity_at: q.now })
    .returning('*');
  return touched as DbConversationRow | undefined;
}

/** {@link touchActiveConversation} on SQLite, as one prepared statement. */
const TOUCH_ACTIVE_CONVERSATION = `update conversations set last_activity_at = ?
  where id = (select id from conversations where channel_id = ? and channel_conversation_id = ? and ended_at is null
              order by started_at desc limit 1)
    and last_activity_at > ? returning *`;

/** Class id of the PostgreSQL advisory locks that serialise opening a channel conversation's row. */
const OPEN_CONVERSATION_LOCK = 0x5b0c;

/**
 * The open conversation (checked again inside a transaction), or a new one after closing an
 * idle one. A conversation with an unresolved ticket is resumed instead, also after the idle
 * sweep ended it: the customer comes back to the chat their ticket belongs to (and to the
 * agent, when one took it). The customer row must exist.
 *
 * On PostgreSQL, concurrent first messages of one channel conversation (on one instance or
 * several) would each see no open row and insert one: the transaction first takes an advisory
 * lock on the channel conversation. SQLite runs one write transaction at a time; there the
 * statements run prepared, as one atomic write of the group commit.
 */
export async function openConversation(db: Knex, q: ConversationLookup): Promise<DbConversationRow> {
  const batched = groupCommitOf(db);
  if (batched) return batched.run((s) => openIn(sqliteOpening(s), q), { atomic: true });
  return db.transaction(async (tx) => {
    if (dialectOf(db) === 'postgres') {
      await tx.raw('select pg_advisory_xact_lock(?, hashtext(?))', [OPEN_CONVERSATION_LOCK, `${q.channelId}|${q.channelConversationId}`]);
    }
    return openIn(knexOpening(tx), q);
  });
}

/** The reads and writes of {@link openConversation}, inside its transaction. */
interface Opening {
  /** The channel conversation's latest conversation row. */
  latest(q: ConversationLookup): Promise<DbConversationRow | undefined>;
  hasUnresolvedTicket(conversationId: string): Promise<boolean>;
  /** Sets the columns of `changes` on conversation `id`. */
  update(id: string, changes: Partial<DbConversationRow>): Promise<void>;
  insert(row: DbConversationRow): Promise<void>;
}

async function openIn(store: Opening, q: ConversationLookup): Promise<DbConversationRow> {
  const latest = await store.latest(q);
  const open = latest?.ended_at === null ? latest : undefined;
  const idled = open ?? (latest?.end_reason === 'idle' ? latest : undefined);
  const active = open !== undefined && q.now - open.last_activity_at < q.idleMs;
  if (idled && (active || (await store.hasUnresolvedTicket(idled.id)))) {
    const resumed = { last_activity_at: q.now, ended_at: null, end_reason: null };
    await store.update(idled.id, resumed);
    return { ...idled, ...resumed };
  }
  if (open) await store.update(open.id, { ended_at: open.last_activity_at + q.idleMs, end_reason: 'idle' });
  const row: DbConversationRow = {
    id: randomUUID(),
    channel_id: q.channelId,
    channel_conversation_id: q.channelConversationId,
    customer_id: q.customerId,
    started_at: q.now,
    last_activity_at: q.now,
    ended_at: null,
    end_reason: null,
    handed_off: false,
    resolved_by_bot: false,
    out_of_scope: false,
    first_intent: null,
    language: null,
  };
  await store.insert(row);
  return row;
}

function knexOpening(tx: Knex): Opening {
  return {
    latest: (q) =>
      tx<DbConversationRow>('conversations')
        .where({ channel_id: q.channelId, channel_conversation_id: q.channelConversationId })
        .orderBy('started_at', 'desc')
        .first(),
    hasUnresolvedTicket: async (conversationId) =>
      (await tx('tickets')
        .where({ conversation_id: conversationId })
        .whereIn('status', [...UNRESOLVED_TICKET])
        .first('id')) !== undefined,
    update: async (id, changes) => {
      await tx('conversations').where({ id }).update(changes);
    },
    insert: async (row) => {
      await tx('conversations').insert(row);
    },
  };
}

/** {@link Opening} on SQLite's prepared statements; column names come from the code, never from input. */
function sqliteOpening(s: SqliteRunner): Opening {
  return {
    latest: (q) =>
      s.get<DbConversationRow>(
        'select * from conversations where channel_id = ? and channel_conversation_id = ? order by started_at desc limit 1',
        [q.channelId, q.channelConversationId],
      ),
    hasUnresolvedTicket: async (conversationId) =>
      (await s.get(`select id from tickets where conversation_id = ? and status in (${placeholders(UNRESOLVED_TICKET.length)}) limit 1`, [
        conversationId,
        ...UNRESOLVED_TICKET,
      ])) !== undefined,
    update: async (id, changes) => {
      const columns = Object.keys(changes);
      await s.run(`update conversations set ${columns.map((c) => `${c} = ?`).join(', ')} where id = ?`, [
        ...(Object.values(changes) as SqliteValue[]),
        id,
      ]);
    },
    insert: async (row) => {
      const columns = Object.keys(row);
      await s.run(`insert into conversations (${columns.join(', ')}) values (${placeholders(columns.length)})`, Object.values(row));
    },
  };
}

/** Ends a conversation (once: a later call keeps the first reason). */
export async function endConversation(db: Knex, conversationId: string, reason: EndReason, now: number): Promise<void> {
  await db('conversations')
    .where({ id: conversationId })
    .whereNull('ended_at')
    .update({ ended_at: now, end_reason: reason, last_activity_at: now });
}

/** Sets outcome flags of a conversation used by the metrics. */
export async function markConversation(
  db: Knex,
  conversationId: string,
  flags: Partial<Pick<DbConversationRow, 'handed_off' | 'resolved_by_bot' | 'out_of_scope' | 'first_intent'>>,
): Promise<void> {
  await db('conversations').where({ id: conversationId }).update(flags);
}

/** Follows the customer's language: the one their latest message was answered in. */
export async function setConversationLanguage(db: Knex, conversationId: string, language: string): Promise<void> {
  await changedRows(db, db('conversations').where({ id: conversationId }).update({ language }));
}

/** The stored language of each of these conversations (null: none recorded, i.e. English). */
export async function conversationLanguages(db: Knex, conversationIds: readonly string[]): Promise<Map<string, string | null>> {
  if (conversationIds.length === 0) return new Map();
  const rows = await db<DbConversationRow>('conversations')
    .whereIn('id', [...new Set(conversationIds)])
    .select('id', 'language');
  return new Map(rows.map((r) => [r.id, r.language]));
}

/** Records the intent of a conversation's first classified message (a later call keeps the first). */
export async function setFirstIntent(db: Knex, conversationId: string, intent: string): Promise<void> {
  await changedRows(db, db('conversations').where({ id: conversationId }).whereNull('first_intent').update({ first_intent: intent }));
}

/** Closes every conversation silent for longer than `idleMs`; returns how many. */
export async function endIdleConversations(db: Knex, now: number, idleMs: number): Promise<number> {
  return db('conversations')
    .whereNull('ended_at')
    .where('last_activity_at', '<', now - idleMs)
    .update({ ended_at: db.raw('last_activity_at + ?', [idleMs]), end_reason: 'idle' });
}

/**
 * Claims the conversation's greeting: true for the one delivery that should send it, false
 * when it was greeted (or is being greeted) already.
 */
export async function claimGreeting(db: Knex, conversationId: string, now: number): Promise<boolean> {
  return (
    (await changedRows(db, db('conversations').where({ id: conversationId }).whereNull('greeted_at').update({ greeted_at: now }))) === 1
  );
}

/** Gives the greeting claim back after the greeting could not be sent, so a redelivery greets. */
export async function releaseGreeting(db: Knex, conversationId: string): Promise<void> {
  await db('conversations').where({ id: conversationId }).update({ greeted_at: null });
}

/** The language stored on a conversation row: null (rows from before languages) and codes no longer shipped mean English. */
export function languageOfConversation(row: { language: string | null }): Language {
  return row.language !== null && isShippedLanguage(row.language) ? row.language : REFERENCE_LANGUAGE;
}

/** The language of a conversation, for texts sent outside a customer's turn (English for an unknown conversation). */
export async function conversationLanguage(db: Knex, conversationId: string): Promise<Language> {
  const row = await db<DbConversationRow>('conversations').where({ id: conversationId }).first('language');
  return row ? languageOfConversation(row) : REFERENCE_LANGUAGE;
}

/** The language of the latest conversation on a channel's conversation (English when it has none yet). */
export async function latestConversationLanguage(db: Knex, channelId: string, channelConversationId: string): Promise<Language> {
  const row = await db<DbConversationRow>('conversations')
    .where({ channel_id: channelId, channel_conversation_id: channelConversationId })
    .orderBy('started_at', 'desc')
    .first('language');
  return row ? languageOfConversation(row) : REFERENCE_LANGUAGE;
}
