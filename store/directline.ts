import type { Knex } from 'knex';
import { dialectOf } from './db';
import { NotFoundError } from './errors';

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
export async function createDlConversation(
  db: Knex,
  c: { id: string; userId: string; now: number },
): Promise<void> {
  await db<DbDlConversationRow>('dl_conversations').insert({ id: c.id, user_id: c.userId, created_at: c.now });
}

/** The conversation, or undefined when it does not exist. */
export async function findDlConversation(db: Knex, id: string): Promise<DbDlConversationRow | undefined> {
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
 * Appends an activity to a conversation's log. Appends to one conversation are serialised
 * (a row lock on PostgreSQL, the single writer on SQLite), so a poller that has seen a `seq`
 * has also seen every smaller `seq` of that conversation. A repeated client activity id
 * returns the first delivery instead of storing a second copy.
 */
export async function appendDlActivity(db: Knex, input: DlActivityInput): Promise<AppendedDlActivity> {
  return db.transaction(async (tx) => {
    if (!(await lockConversation(tx, input.conversationId))) {
      throw new NotFoundError(`conversation ${input.conversationId} not found`);
    }
    if (input.clientActivityId !== undefined) {
      const earlier = await tx<DbDlActivityRow>('dl_activities')
        .where({ conversation_id: input.conversationId, client_activity_id: input.clientActivityId })
        .first('seq', 'activity');
      if (earlier) return { seq: Number(earlier.seq), duplicate: true, activity: JSON.parse(earlier.activity) };
    }
    const [inserted] = await tx('dl_activities')
      .insert({
        conversation_id: input.conversationId,
        activity_id: input.activityId,
        client_activity_id: input.clientActivityId ?? null,
        activity: JSON.stringify(input.activity),
        created_at: input.now,
      })
      .returning('seq');
    const seq = Number(typeof inserted === 'object' ? inserted.seq : inserted);
    return { seq, duplicate: false, activity: { ...input.activity } as Record<string, unknown> };
  });
}

/**
 * Locks a conversation's row for the rest of the transaction; false when it does not exist.
 * SQLite takes its write lock with a no-op update: a read first would make a second process
 * fail with SQLITE_BUSY when the transaction later upgrades to writing.
 */
async function lockConversation(tx: Knex.Transaction, id: string): Promise<boolean> {
  if (dialectOf(tx) === 'postgres') {
    return (await tx('dl_conversations').where({ id }).forUpdate().first('id')) !== undefined;
  }
  return (await tx('dl_conversations').where({ id }).update({ user_id: tx.ref('user_id') })) > 0;
}

/** Activities of a conversation after `afterSeq`, oldest first, at most `limit`. */
export async function listDlActivities(
  db: Knex,
  conversationId: string,
  afterSeq: number,
  limit: number,
): Promise<StoredDlActivity[]> {
  const rows = await db<DbDlActivityRow>('dl_activities')
    .where({ conversation_id: conversationId })
    .andWhere('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .select('seq', 'activity');
  return rows.map((r) => ({ seq: Number(r.seq), activity: JSON.parse(r.activity) }));
}

/** The latest stored version of an activity, or undefined. */
export async function findDlActivity(
  db: Knex,
  conversationId: string,
  activityId: string,
): Promise<Record<string, unknown> | undefined> {
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
