import { mkdirSync } from 'node:fs';
import path from 'node:path';
import knex, { type Knex } from 'knex';
import pg from 'pg';
import type { Database } from 'sqlite3';
import { migrationSource } from './migrations';
import { finalizeStatements } from './sqlite-statements';

export type { Knex };

// PostgreSQL returns BIGINT (our millisecond timestamps) and COUNT() as strings by default.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

/** Options for {@link openDatabase}. */
export interface OpenDatabaseOptions {
  /** PostgreSQL schema to use (tests create one per run); ignored for SQLite. */
  schema?: string;
  /** Maximum pool size for PostgreSQL. */
  poolMax?: number;
}

/** Which engine a knex instance talks to. */
export function dialectOf(db: Knex): 'sqlite' | 'postgres' {
  return db.client.config.client === 'pg' ? 'postgres' : 'sqlite';
}

/**
 * Opens the database named by a `sqlite:<path>` or `postgres://…` URL. A failed query's error
 * names its SQL with placeholders, never the bound values (`compileSqlOnError: false`): those
 * are customers' words, and errors reach the logs.
 * SQLite gets its folder created, WAL, foreign keys, a busy timeout and `secure_delete`
 * (deleted rows are overwritten with zeros, so an erased customer's words leave the file).
 */
export function openDatabase(url: string, options: OpenDatabaseOptions = {}): Knex {
  if (url.startsWith('sqlite:')) {
    const filename = url.slice('sqlite:'.length);
    if (filename !== ':memory:') mkdirSync(path.dirname(path.resolve(filename)), { recursive: true });
    return knex({
      client: 'sqlite3',
      connection: { filename },
      useNullAsDefault: true,
      compileSqlOnError: false,
      pool: {
        min: 1,
        max: 1,
        afterCreate(conn: Database, done: (err: Error | null, conn: unknown) => void) {
          // The turn's prepared statements (store/group-commit.ts) are finalized first:
          // SQLite will not close a connection that still has them.
          const close = conn.close.bind(conn);
          conn.close = (callback) => void finalizeStatements(conn).then(() => close(callback));
          conn.exec(
            'PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA secure_delete = ON;',
            (err) => done(err, conn),
          );
        },
      },
    });
  }
  return knex({
    client: 'pg',
    connection: url,
    searchPath: options.schema ? [options.schema] : undefined,
    compileSqlOnError: false,
    pool: { min: 0, max: options.poolMax ?? 10 },
  });
}

/** Key of the PostgreSQL advisory lock that serialises the migrations of instances starting together. */
const MIGRATION_LOCK_KEY = 7_206_310_251;

/**
 * Applies every pending migration. On PostgreSQL, instances starting together on one database
 * take turns under an advisory lock: knex creates its own migration tables and lock row
 * without one, and concurrent first runs collide there. (A SQLite file serves one process.)
 */
export async function migrateLatest(db: Knex): Promise<void> {
  if (dialectOf(db) !== 'postgres') {
    await db.migrate.latest({ migrationSource });
    return;
  }
  const connection: unknown = await db.client.acquireConnection();
  try {
    await db.raw('select pg_advisory_lock(?)', [MIGRATION_LOCK_KEY]).connection(connection);
    try {
      await db.migrate.latest({ migrationSource });
    } finally {
      await db.raw('select pg_advisory_unlock(?)', [MIGRATION_LOCK_KEY]).connection(connection);
    }
  } finally {
    await db.client.releaseConnection(connection);
  }
}

/** Rolls back every migration (used by tests of the migrations themselves). */
export async function migrateDownAll(db: Knex): Promise<void> {
  await db.migrate.rollback({ migrationSource }, true);
}
