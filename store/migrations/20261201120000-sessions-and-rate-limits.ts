import type { Knex } from 'knex';

// Two kinds of state that several instances behind one balancer must share: the dashboard's
// admin sessions (so logout ends a session everywhere) and the rate-limit windows (so N
// instances do not give a client N times every limit; used on PostgreSQL only).

/** Creates `admin_sessions` and `rate_limit_windows`. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('admin_sessions', (t) => {
    // SHA-256 of the cookie's random value: a read of the table does not yield live cookies.
    t.string('token_hash', 64).primary();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('last_seen_at').notNullable();
    t.bigInteger('expires_at').notNullable();
  });
  await db.schema.createTable('rate_limit_windows', (t) => {
    // SHA-256 (hex) of `<limit>|<client key>` (an IP, or a channel and conversation id).
    t.text('key').notNullable();
    // Minutes since the epoch.
    t.bigInteger('window').notNullable();
    t.integer('hits').notNullable();
    t.primary(['key', 'window']);
    t.index(['window']);
  });
}

/** Drops both tables. */
export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('rate_limit_windows');
  await db.schema.dropTable('admin_sessions');
}
