import type { Knex } from 'knex';

// Photos customers send (the widget's upload button, `data:` URIs on /api/messages) are kept
// with the message they came with: the bytes in the database, so every instance serves them
// and backups, erasure and retention reach them with the rest of the customer's data.

/** Adds the `message_photos` table. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('message_photos', (t) => {
    t.increments('id').primary();
    t.integer('message_id').notNullable().references('messages.id').onDelete('CASCADE');
    t.string('conversation_id', 64).notNullable();
    // One of image/png, image/jpeg, image/webp: sniffed from the bytes, never the sender's word.
    t.string('content_type', 32).notNullable();
    t.integer('byte_length').notNullable();
    t.binary('bytes').notNullable();
    t.bigInteger('created_at').notNullable();
    t.index(['message_id']);
    t.index(['conversation_id']);
    t.index(['created_at']);
  });
}

/** Drops `message_photos`. */
export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('message_photos');
}
