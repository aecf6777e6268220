import type { Knex } from 'knex';
import type { DbAdminSessionRow } from './tables';

/** Stores a new session. */
export async function insertAdminSession(db: Knex, row: DbAdminSessionRow): Promise<void> {
  await db('admin_sessions').insert(row);
}

/** The session of `tokenHash`, if it exists. */
export async function findAdminSession(db: Knex, tokenHash: string): Promise<DbAdminSessionRow | undefined> {
  return db<DbAdminSessionRow>('admin_sessions').where({ token_hash: tokenHash }).first();
}

/** Records activity on a session (its idle expiry counts from here). */
export async function touchAdminSession(db: Knex, tokenHash: string, now: number): Promise<void> {
  await db('admin_sessions').where({ token_hash: tokenHash }).update({ last_seen_at: now });
}

/** Deletes one session (logout). */
export async function deleteAdminSession(db: Knex, tokenHash: string): Promise<void> {
  await db('admin_sessions').where({ token_hash: tokenHash }).delete();
}

/** Deletes the sessions past their absolute expiry or idle since before `idleSince`. */
export async function deleteExpiredAdminSessions(db: Knex, now: number, idleSince: number): Promise<void> {
  await db('admin_sessions').where('expires_at', '<=', now).orWhere('last_seen_at', '<', idleSince).delete();
}
