import type { Knex } from 'knex';
import { MINUTE_MS } from '../common/time';
import { countHit, deleteWindowsBefore, hitsSince, KEPT_WINDOWS } from './rate-limit-windows';

/**
 * Failed order lookups (an unknown number, or a number with an email that is not the
 * order's), counted per key (a customer, a client IP) over the last hour in the shared
 * `rate_limit_windows` table, one row per key and minute: every instance on one database
 * sees the same count, and the table holds only SHA-256s of the keys.
 */
const PREFIX = 'order-lookup|';

const minuteOf = (now: number): number => Math.floor(now / MINUTE_MS);

/** The most failures any of `keys` had in the last hour. */
export async function lookupFailures(db: Knex, keys: readonly string[], now: number): Promise<number> {
  const from = minuteOf(now) - KEPT_WINDOWS + 1;
  const counts = await Promise.all(keys.map((key) => hitsSince(db, PREFIX + key, from)));
  return Math.max(0, ...counts);
}

/** Counts one failure for each of `keys`, and deletes windows older than an hour. */
export async function recordLookupFailure(db: Knex, keys: readonly string[], now: number): Promise<void> {
  const minute = minuteOf(now);
  for (const key of keys) await countHit(db, PREFIX + key, minute);
  await deleteWindowsBefore(db, minute - KEPT_WINDOWS);
}
