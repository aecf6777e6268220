import type { Knex } from 'knex';

// Values the code composes from client input outgrew the varchar columns they were created
// with, so PostgreSQL refused the INSERT (SQLite never enforces declared lengths: a varchar
// column has text affinity, so there is nothing to change there):
// - a customer id is `channel_id:channel_user_id`, up to 64 + 1 + 255 = 320 characters; it
//   and every column holding it become text;
// - the audit log's actor (`tab:<agent name>`) and action (`<action> <method> <path>`) hold
//   names and request paths: refused requests must still be audited, so both become text.

/** Column, and the type it had before this migration. */
const WIDENED: Array<readonly [table: string, column: string, previous: string]> = [
  ['customers', 'id', 'varchar(255)'],
  ['conversations', 'customer_id', 'varchar(255)'],
  ['tickets', 'customer_id', 'varchar(255)'],
  ['feedback', 'customer_id', 'varchar(255)'],
  ['conversation_references', 'customer_id', 'varchar(255)'],
  ['audit_log', 'actor', 'varchar(64)'],
  ['audit_log', 'action', 'varchar(128)'],
];

async function retype(db: Knex, typeOf: (previous: string) => string): Promise<void> {
  // Not dialectOf: store/db imports the migrations, and a migration imports nothing from it.
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
