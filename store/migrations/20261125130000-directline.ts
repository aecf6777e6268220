import type { Knex } from 'knex';

// The built-in Direct Line endpoint keeps its whole state here, so any instance on a shared
// PostgreSQL serves any widget conversation. `seq` is the watermark a client polls from.

/** Creates the Direct Line conversations and their activity log. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('dl_conversations', (t) => {
    t.string('id', 64).primary();
    t.string('user_id', 255).notNullable();
    t.bigInteger('created_at').notNullable();
    t.index(['user_id']);
  });

  await db.schema.createTable('dl_activities', (t) => {
    t.bigIncrements('seq').primary();
    t.string('conversation_id', 64).notNullable().references('dl_conversations.id').onDelete('CASCADE');
    t.string('activity_id', 128).notNullable();
    // Set on the user's own posts: a retried POST finds its first delivery by this key.
    t.string('client_activity_id', 128);
    t.text('activity').notNullable();
    t.bigInteger('created_at').notNullable();
    t.index(['conversation_id', 'seq']);
    t.index(['conversation_id', 'activity_id']);
    t.unique(['conversation_id', 'client_activity_id']);
  });
}

/** Drops the Direct Line tables. */
export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('dl_activities');
  await db.schema.dropTableIfExists('dl_conversations');
}
