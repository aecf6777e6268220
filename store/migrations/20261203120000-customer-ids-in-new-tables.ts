import type { Knex } from 'knex';

// A customer id is `channel_id:channel_user_id`, up to 64 + 1 + 255 = 320 characters, which is
// why migration text-for-composed-values made every column holding one text. Three tables
// added since declared it varchar(255), so on PostgreSQL a customer with a long channel user id
// could not be offered the email follow-up or suggest a training example (SQLite never
// enforces declared lengths: nothing to change there). The same retyping as that migration;
// a migration imports nothing from another.

/** Column, and the type it had before this migration. */
const WIDENED: Array<readonly [table: string, column: string, previous: string]> = [
  ['customer_emails', 'customer_id', 'varchar(255)'],
  ['email_outbox', 'customer_id', 'varchar(255)'],
  ['nlu_examples', 'customer_id', 'varchar(255)'],
];

async function retype(db: Knex, typeOf: (previous: string) => string): Promise<void> {
  if (db.client.config.client !== 'pg') return;
  for (const [table, column, previous] of WIDENED) {
    await db.raw(`alter table ?? alter column ?? type ${typeOf(previous)}`, [table, column]);
  }
}

/** Widens the columns to text on PostgreSQL. */
export async function up(db: Knex): Promise<void> {
  await retype(db, () => 'text');
}

/** Narrows them back; fails while a longer value is stored. */
export async function down(db: Knex): Promise<void> {
  await retype(db, (previous) => previous);
}
