import { createHash } from 'node:crypto';
import type { Knex } from 'knex';

/**
 * Counts one hit of `key` in `window` and returns the hits so far, in one atomic upsert, so
 * concurrent instances on one database share the count. The key (an IP or a conversation id)
 * is stored as its SHA-256: the table holds nothing of a customer.
 */
export async function countHit(db: Knex, key: string, window: number): Promise<number> {
  const [row] = await db('rate_limit_windows')
    .insert({ key: createHash('sha256').update(key).digest('hex'), window, hits: 1 })
    .onConflict(['key', 'window'])
    .merge({ hits: db.raw('?? + 1', ['rate_limit_windows.hits']) })
    .returning('hits');
  return Number((row as { hits: number }).hits);
}

/** Deletes the counts of windows before `window`. */
export async function deleteWindowsBefore(db: Knex, window: number): Promise<void> {
  await db('rate_limit_windows').where('window', '<', window).delete();
}
