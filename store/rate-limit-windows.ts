import { createHash } from 'node:crypto';
import type { Knex } from 'knex';

/**
 * How many minute windows the table keeps (an hour): the per-minute limits read only the
 * current one, the failed order lookups (store/order-lookup-failures.ts) the last hour's.
 */
export const KEPT_WINDOWS = 60;

const hashOf = (key: string): string => createHash('sha256').update(key).digest('hex');

/**
 * Counts one hit of `key` in `window` and returns the hits so far, in one atomic upsert, so
 * concurrent instances on one database share the count. The key (an IP or a conversation id)
 * is stored as its SHA-256: the table holds nothing of a customer.
 */
export async function countHit(db: Knex, key: string, window: number): Promise<number> {
  const [row] = await db('rate_limit_windows')
    .insert({ key: hashOf(key), window, hits: 1 })
    .onConflict(['key', 'window'])
    .merge({ hits: db.raw('?? + 1', ['rate_limit_windows.hits']) })
    .returning('hits');
  return Number((row as { hits: number }).hits);
}

/** Deletes the counts of windows before `window`. */
export async function deleteWindowsBefore(db: Knex, window: number): Promise<void> {
  await db('rate_limit_windows').where('window', '<', window).delete();
}

/** The hits of `key` in windows `fromWindow` and later. */
export async function hitsSince(db: Knex, key: string, fromWindow: number): Promise<number> {
  const row = (await db('rate_limit_windows')
    .where({ key: hashOf(key) })
    .where('window', '>=', fromWindow)
    .sum({ hits: 'hits' })
    .first()) as { hits: number | string | null } | undefined;
  return Number(row?.hits ?? 0);
}
