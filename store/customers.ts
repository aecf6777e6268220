import type { Knex } from 'knex';
import { changedRows } from './group-commit';
import type { DbCustomerRow } from './tables';

/** A customer as seen on a channel. */
export interface CustomerIdentity {
  channelId: string;
  channelUserId: string;
  name?: string;
}

/** The stable id of a customer on a channel. */
export function customerIdOf(identity: CustomerIdentity): string {
  return `${identity.channelId}:${identity.channelUserId}`;
}

/** Creates the customer on first contact and refreshes `last_seen_at` afterwards. Returns its id. */
export async function upsertCustomer(db: Knex, identity: CustomerIdentity, now: number): Promise<string> {
  const id = customerIdOf(identity);
  const touch = async () => ((await changedRows(db, db<DbCustomerRow>('customers').where({ id }).update({ last_seen_at: now }))) ?? 0) > 0;
  if (await touch()) return id;
  // A conflict on either unique key (the id, or the channel and user it is made of) means another
  // delivery created the customer meanwhile. `on conflict (id) do update` only resolved the key it
  // named: when two first messages raced, PostgreSQL failed one on the other key.
  const created = db<DbCustomerRow>('customers')
    .insert({
      id,
      channel_id: identity.channelId,
      channel_user_id: identity.channelUserId,
      name: identity.name ?? null,
      created_at: now,
      last_seen_at: now,
    })
    .onConflict()
    .ignore();
  if ((await changedRows(db, created)) !== 1) await touch();
  return id;
}
