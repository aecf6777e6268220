import type { Knex } from 'knex';

// A customer id is `channel_id:channel_user_id`: up to 64 + 1 + 255 = 320 characters, more than
// the varchar(255) it was created with, so a channel user id of 192+ characters could not be
// stored on PostgreSQL. The id and every column holding it become text. SQLite never enforces
// declared lengths (a varchar column has text affinity), so there is nothing to change there.

/** The customer id and the columns that refer to it. */
const CUSTOMER_ID_COLUMNS: Array<readonly [table: string, column: string]> = [
  ['customers', 'id'],
  ['conversations', 'customer_id'],
  ['tickets', 'customer_id'],
  ['feedback', 'customer_id'],
  ['conversation_references', 'customer_id'],
];

async function retype(db: Knex, type: string): Promise<void> {
  // Not dialectOf: store/db imports the migrations, and a migration imports nothing from it.
  if (db.client.config.client !== 'pg') return;
  for (const [table, column] of CUSTOMER_ID_COLUMNS) await db.raw(`alter table ?? alter column ?? type ${type}`, [table, column]);
}

/** Widens customer ids to text on PostgreSQL. */
export async function up(db: Knex): Promise<void> {
  await retype(db, 'text');
}

/** Narrows them back to varchar(255); fails while a longer customer id is stored. */
export async function down(db: Knex): Promise<void> {
  await retype(db, 'varchar(255)');
}
