import type { Knex } from 'knex';
import { changedRows } from './group-commit';

/** What a stored reference belongs to. */
export type ReferenceKind = 'customer' | 'agent';

/** Stores (or refreshes) a channel's conversation reference (as JSON) for proactive messages. */
export async function saveReference(
  db: Knex,
  key: string,
  kind: ReferenceKind,
  referenceJson: string,
  customerId: string | null,
  now: number,
): Promise<void> {
  await changedRows(
    db,
    db('conversation_references')
      .insert({ key, kind, customer_id: customerId, reference: referenceJson, updated_at: now })
      .onConflict('key')
      .merge(['reference', 'updated_at']),
  );
}

/** A stored reference, or undefined. */
export async function loadReference<T>(db: Knex, key: string): Promise<T | undefined> {
  const row = await db('conversation_references').where({ key }).first('reference');
  return row ? (JSON.parse(row.reference) as T) : undefined;
}
