import type { Knex } from 'knex';

// The learning loop (issue 15): labelled training examples, and the review queue of customer
// messages the bot did not understand or got wrong. The queue holds no text of its own: it
// points at the message, so the message's retention and erasure cover it.

/** Creates `nlu_examples` and `nlu_review`. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('nlu_examples', (t) => {
    t.increments('id').primary();
    // Redacted like the logs (common/redact.ts).
    t.text('text').notNullable();
    t.string('intent', 64).notNullable();
    t.string('status', 16).notNullable();
    t.string('source', 32).notNullable();
    t.string('conversation_id', 255);
    t.integer('message_id');
    t.string('customer_id', 255);
    t.string('suggested_by', 255);
    t.string('confirmed_by', 255);
    t.bigInteger('created_at').notNullable();
    t.bigInteger('confirmed_at');
    t.index(['status']);
    t.index(['customer_id', 'created_at']);
    t.index(['conversation_id']);
    // One example per message and source: a retried turn or a repeated label adds no second row.
    t.unique(['message_id', 'source']);
  });
  await db.schema.createTable('nlu_review', (t) => {
    t.increments('id').primary();
    t.integer('message_id').notNullable();
    t.string('conversation_id', 255).notNullable();
    t.string('reason', 32).notNullable();
    // The intent the signal points at (the customer's clarify choice, the agent's correction).
    t.string('label', 64);
    t.bigInteger('created_at').notNullable();
    t.bigInteger('resolved_at');
    t.unique(['message_id', 'reason']);
    t.index(['resolved_at', 'created_at']);
    t.index(['conversation_id']);
  });
}

/** Drops `nlu_review` and `nlu_examples`. */
export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('nlu_review');
  await db.schema.dropTable('nlu_examples');
}
