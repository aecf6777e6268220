import type { Knex } from 'knex';

// Issue 17: business hours and the email follow-up. `customer_emails` holds the address a
// customer gave (with when they consented), `email_outbox` the agent replies to send by email
// (a lease per row, so two instances never send the same mail), and `handoffs.out_of_hours`
// marks requests for a person made while the team was away (counted by the stats).

/** Creates `customer_emails`, `email_outbox` and `handoffs.out_of_hours`. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('customer_emails', (t) => {
    t.string('customer_id', 255).primary();
    t.string('status', 16).notNullable();
    t.string('email', 320);
    t.integer('ticket_id');
    t.bigInteger('offered_at').notNullable();
    t.bigInteger('consented_at');
    t.bigInteger('updated_at').notNullable();
    t.index(['updated_at']);
  });
  await db.schema.createTable('email_outbox', (t) => {
    t.increments('id').primary();
    t.string('customer_id', 255).notNullable();
    t.integer('ticket_id');
    t.string('to_address', 320).notNullable();
    t.string('subject', 255).notNullable();
    t.text('body').notNullable();
    t.string('status', 16).notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.bigInteger('next_attempt_at').notNullable();
    t.string('lease_owner', 64);
    t.bigInteger('lease_until');
    t.text('last_error');
    t.bigInteger('created_at').notNullable();
    t.bigInteger('sent_at');
    t.index(['status', 'next_attempt_at']);
    t.index(['customer_id']);
    t.index(['created_at']);
  });
  await db.schema.alterTable('handoffs', (t) => t.boolean('out_of_hours').notNullable().defaultTo(false));
}

/** Drops them again. */
export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('handoffs', (t) => t.dropColumn('out_of_hours'));
  await db.schema.dropTableIfExists('email_outbox');
  await db.schema.dropTableIfExists('customer_emails');
}
