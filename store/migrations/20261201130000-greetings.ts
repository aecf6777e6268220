import type { Knex } from 'knex';

// "Greets once per conversation" across redeliveries of the same conversationUpdate: the
// greeting is claimed on the conversation row before it is sent.

/** Adds `conversations.greeted_at`. */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('conversations', (t) => t.bigInteger('greeted_at'));
}

/** Drops `conversations.greeted_at`. */
export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('conversations', (t) => t.dropColumn('greeted_at'));
}
