import type { Knex } from 'knex';
import { dialectOf } from './db';
import { NotFoundError } from './errors';
import { groupCommitOf } from './group-commit';
import type { SqliteRunner, SqliteValue } from './sqlite-statements';
import { UNRESOLVED_TICKET } from './tickets';

/** A row of `dl_conversations`: a widget conversation and the user it belongs to. */
export interface DbDlConversationRow {
  id: string;
  user_id: string;
  created_at: number;
}

/** A row of `dl_activities`: one activity as the widget receives it (JSON text). */
export interface DbDlActivityRow {
  seq: number;
  conversation_id: string;
  activity_id: string;
  client_activity_id: string | null;
  activity: string;
  created_at: number;
}

/** An activity read back from the log with its position (the watermark it moves the client to). */
export interface StoredDlActivity {
  seq: number;
  activity: Record<string, unknown>;
}

/** Creates a Direct Line conversation owned by `userId`. */
export async function createDlConversation(db: Knex, c: { id: string; userId: string; now: number }): Promise<void> {
  await db<DbDlConversationRow>('dl_conversations').insert({ id: c.id, user_id: c.userId, created_at: c.now });
}

/** The conversation, or undefined when it does not exist. */
export async function findDlConversation(db: Knex, id: string): Promise<DbDlConversationRow | undefined> {
  // Every post and poll asks: on SQLite a prepared statement in the group commit.
  const batched = groupCommitOf(db);
  if (batched) return batched.run((s) => s.get<DbDlConversationRow>('select * from dl_conversations where id = ? limit 1', [id]));
  return db<DbDlConversationRow>('dl_conversations').where({ id }).first();
}

/** Input of {@link appendDlActivity}. */
export interface DlActivityInput {
  conversationId: string;
  activityId: string;
  clientActivityId?: string;
  activity: object;
  now: number;
}

/** Result of {@link appendDlActivity}. */
export interface AppendedDlActivity {
  seq: number;
  /** True when an activity with the same client activity id was stored before (a retried POST). */
  duplicate: boolean;
  /** The stored activity: the new one, or the first delivery of a duplicate. */
  activity: Record<string, unknown>;
}

/**
 * Appends an activity to a conversation's log, so that a poller that has seen a `seq` has also
 * seen every smaller `seq` of that conversation. A repeated client activity id returns the
 * first delivery instead of storing a second copy.
 *
 * On PostgreSQL several instances append at once and a sequence value can commit after a
 * larger one, so appends to one conversation take its row lock first. SQLite has one writer
 * (one connection, one process) committing in `seq` order, so a single insert does.
 */
export async function appendDlActivity(db: Knex, input: DlActivityInput): Promise<AppendedDlActivity> {
  if (dialectOf(db) === 'sqlite') return insertOrFindDlActivity(db, input);
  return db.transaction(async (tx) => {
    if ((await tx('dl_conversations').where({ id: input.conversationId }).forUpdate().first('id')) === undefined) {
      throw new NotFoundError(`conversation ${input.conversationId} not found`);
    }
    return insertOrFindDlActivity(tx, input);
  });
}

/** Inserts the activity unless its client activity id is stored already (then returns that one). */
async function insertOrFindDlActivity(db: Knex, input: DlActivityInput): Promise<AppendedDlActivity> {
  const row = {
    conversation_id: input.conversationId,
    activity_id: input.activityId,
    client_activity_id: input.clientActivityId ?? null,
    activity: JSON.stringify(input.activity),
    created_at: input.now,
  };
  const batched = groupCommitOf(db);
  let stored: StoredRow | undefined;
  try {
    stored = await (batched ? batched.run((s) => insertOrFindOnSqlite(s, Object.values(row))) : insertOrFindOnKnex(db, row));
  } catch (error) {
    if (isForeignKeyViolation(error)) throw new NotFoundError(`conversation ${input.conversationId} not found`);
    throw error;
  }
  if (!stored) throw new Error(`dl activity ${input.clientActivityId} vanished after a conflicting insert`);
  if (stored.activity === undefined)
    return { seq: Number(stored.seq), duplicate: false, activity: { ...input.activity } as Record<string, unknown> };
  return { seq: Number(stored.seq), duplicate: true, activity: JSON.parse(stored.activity) };
}

/** The inserted row's `seq`, or the earlier delivery's `seq` and `activity`; undefined when that vanished. */
type StoredRow = { seq: unknown; activity?: string };

async function insertOrFindOnKnex(db: Knex, row: Omit<DbDlActivityRow, 'seq'>): Promise<StoredRow | undefined> {
  const inserted: Array<{ seq: unknown }> = await db('dl_activities')
    .insert(row)
    .onConflict(['conversation_id', 'client_activity_id'])
    .ignore()
    .returning('seq');
  if (inserted.length > 0) return inserted[0];
  return db<DbDlActivityRow>('dl_activities')
    .where({ conversation_id: row.conversation_id, client_activity_id: row.client_activity_id })
    .first('seq', 'activity');
}

/** {@link insertOrFindOnKnex} on SQLite, prepared; `values` in the order of the row's columns. */
async function insertOrFindOnSqlite(s: SqliteRunner, values: SqliteValue[]): Promise<StoredRow | undefined> {
  const inserted = await s.get<{ seq: number }>(
    `insert into dl_activities (conversation_id, activity_id, client_activity_id, activity, created_at)
      values (?, ?, ?, ?, ?) on conflict (conversation_id, client_activity_id) do nothing returning seq`,
    values,
  );
  if (inserted) return inserted;
  return s.get<StoredRow>('select seq, activity from dl_activities where conversation_id = ? and client_activity_id is ? limit 1', [
    values[0],
    values[2],
  ]);
}

function isForeignKeyViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e.code === '23503' || (e.code === 'SQLITE_CONSTRAINT' && /FOREIGN KEY/i.test(e.message ?? ''));
}

/** Activities of a conversation after `afterSeq`, oldest first, at most `limit`. */
export async function listDlActivities(db: Knex, conversationId: string, afterSeq: number, limit: number): Promise<StoredDlActivity[]> {
  const batched = groupCommitOf(db);
  const rows = batched
    ? await batched.run((s) =>
        s.all<Pick<DbDlActivityRow, 'seq' | 'activity'>>(
          'select seq, activity from dl_activities where conversation_id = ? and seq > ? order by seq asc limit ?',
          [conversationId, afterSeq, limit],
        ),
      )
    : await db<DbDlActivityRow>('dl_activities')
        .where({ conversation_id: conversationId })
        .andWhere('seq', '>', afterSeq)
        .orderBy('seq')
        .limit(limit)
        .select('seq', 'activity');
  return rows.map((r) => ({ seq: Number(r.seq), activity: JSON.parse(r.activity) }));
}

/** The latest stored version of an activity, or undefined. */
export async function findDlActivity(db: Knex, conversationId: string, activityId: string): Promise<Record<string, unknown> | undefined> {
  const row = await db<DbDlActivityRow>('dl_activities')
    .where({ conversation_id: conversationId, activity_id: activityId })
    .orderBy('seq', 'desc')
    .first('activity');
  return row ? JSON.parse(row.activity) : undefined;
}

/** Removes every stored version of an activity; returns how many rows went. */
export async function deleteDlActivity(db: Knex, conversationId: string, activityId: string): Promise<number> {
  return db('dl_activities').where({ conversation_id: conversationId, activity_id: activityId }).delete();
}

/** Input of {@link findResumableDlConversation}. */
export interface ResumableLookup {
  userId: string;
  /** The `channel_id` of the customer conversations the endpoint's activities open. */
  channelId: string;
  now: number;
  /** A conversation silent this long has ended (unless it has an unresolved ticket). */
  idleMs: number;
}

/**
 * The widget user's latest Direct Line conversation worth resuming: one whose customer
 * conversation is still open and active within `idleMs`, or has a ticket that is not resolved
 * yet. Undefined when there is none (the widget then starts a new conversation).
 */
export async function findResumableDlConversation(db: Knex, q: ResumableLookup): Promise<string | undefined> {
  const unresolvedTicket = (t: Knex.QueryBuilder) =>
    t
      .select(db.raw('1'))
      .from('tickets as t')
      .whereRaw('t.conversation_id = c.id')
      .whereIn('t.status', [...UNRESOLVED_TICKET]);
  const stillActive = (c: Knex.QueryBuilder) => c.whereNull('c.ended_at').where('c.last_activity_at', '>', q.now - q.idleMs);
  const row = await db('dl_conversations as dl')
    .where('dl.user_id', q.userId)
    .whereExists((c) =>
      c
        .select(db.raw('1'))
        .from('conversations as c')
        .where('c.channel_id', q.channelId)
        .whereRaw('c.channel_conversation_id = dl.id')
        .where((either) => either.where(stillActive).orWhereExists(unresolvedTicket)),
    )
    .orderBy('dl.created_at', 'desc')
    .first('dl.id');
  return row?.id as string | undefined;
}
