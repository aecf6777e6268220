import type { Knex } from 'knex';
import { dialectOf } from './db';

/** A durable timer: fires once at `dueAt` on exactly one instance. */
export interface TimerRow {
  id: number;
  kind: string;
  key: string;
  due_at: number;
  payload: string | null;
}

/** Creates or moves the timer `kind`/`key`. */
export async function scheduleTimer(db: Knex, t: { kind: string; key: string; dueAt: number; payload?: unknown }): Promise<void> {
  await db('timers')
    .insert({ kind: t.kind, key: t.key, due_at: t.dueAt, payload: t.payload === undefined ? null : JSON.stringify(t.payload) })
    .onConflict(['kind', 'key'])
    .merge({ due_at: t.dueAt, payload: t.payload === undefined ? null : JSON.stringify(t.payload), lease_owner: null, lease_until: null });
}

/** Creates the timer `kind`/`key` unless it exists: a restart never moves a pending or leased timer. */
export async function ensureTimer(db: Knex, t: { kind: string; key: string; dueAt: number }): Promise<void> {
  await db('timers').insert({ kind: t.kind, key: t.key, due_at: t.dueAt }).onConflict(['kind', 'key']).ignore();
}

/** Removes a timer (e.g. the handoff timeout once an agent accepted). */
export async function cancelTimer(db: Knex, kind: string, key: string): Promise<void> {
  await db('timers').where({ kind, key }).delete();
}

/**
 * Leases due timers to `owner` for `leaseMs`: a timer leased by another live instance is not
 * returned, so each fires on one instance; an expired lease (crashed instance) is taken over.
 */
export async function claimDueTimers(db: Knex, owner: string, now: number, leaseMs: number, limit = 20): Promise<TimerRow[]> {
  return db.transaction(async (tx) => {
    const query = tx<TimerRow>('timers')
      .where('due_at', '<=', now)
      .andWhere((w) => w.whereNull('lease_until').orWhere('lease_until', '<', now))
      .orderBy('due_at')
      .limit(limit)
      .select('id', 'kind', 'key', 'due_at', 'payload');
    // SQLite serialises writers already; PostgreSQL needs row locks so instances skip each other.
    const due = dialectOf(db) === 'postgres' ? await query.forUpdate().skipLocked() : await query;
    if (due.length === 0) return [];
    await tx('timers')
      .whereIn(
        'id',
        due.map((t) => t.id),
      )
      .update({ lease_owner: owner, lease_until: now + leaseMs });
    return due;
  });
}

/** Deletes a fired timer, but only if this owner still holds its lease and it was not moved. */
export async function completeTimer(db: Knex, timer: TimerRow, owner: string): Promise<void> {
  await db('timers').where({ id: timer.id, lease_owner: owner, due_at: timer.due_at }).delete();
}
