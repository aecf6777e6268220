import type { Knex } from 'knex';

// Per-agent sign-in for the agent tab outside Teams (replaces the shared AGENT_API_KEY): an
// admin issues a credential to a named agent; only a hash of its secret is stored.

/** Adds `agents.email` and the `agent_credentials` table. */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('agents', (t) => {
    t.string('email', 254);
  });
  await db.schema.createTable('agent_credentials', (t) => {
    t.increments('id').primary();
    t.string('agent_id', 255).notNullable().references('agents.id');
    // SHA-256 (hex) of the 256-bit random secret; see docs/security.md for why not scrypt.
    t.string('secret_hash', 64).notNullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('last_used_at');
    t.bigInteger('revoked_at');
    t.index(['agent_id']);
  });
}

/** Drops `agent_credentials` and `agents.email`. */
export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('agent_credentials');
  await db.schema.alterTable('agents', (t) => {
    t.dropColumn('email');
  });
}
