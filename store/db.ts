import { mkdirSync } from 'node:fs';
import path from 'node:path';
import knex, { type Knex } from 'knex';
import pg from 'pg';
import { migrationSource } from './migrations';

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
 * Opens the database named by a `sqlite:<path>` or `postgres://…` URL.
 * SQLite gets its folder created, WAL, foreign keys and a busy timeout.
 */
export function openDatabase(url: string, options: OpenDatabaseOptions = {}): Knex {
  if (url.startsWith('sqlite:')) {
    const filename = url.slice('sqlite:'.length);
    if (filename !== ':memory:') mkdirSync(path.dirname(path.resolve(filename)), { recursive: true });
    return knex({
      client: 'sqlite3',
      connection: { filename },
      useNullAsDefault: true,
      pool: {
        min: 1,
        max: 1,
        afterCreate(conn: SqliteConnection, done: (err: Error | null, conn: unknown) => void) {
          conn.exec(
            'PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;',
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
    pool: { min: 0, max: options.poolMax ?? 10 },
  });
}

interface SqliteConnection {
  exec(sql: string, cb: (err: Error | null) => void): void;
}

/** Applies every pending migration. */
export async function migrateLatest(db: Knex): Promise<void> {
  await db.migrate.latest({ migrationSource });
}

/** Rolls back every migration (used by tests of the migrations themselves). */
export async function migrateDownAll(db: Knex): Promise<void> {
  await db.migrate.rollback({ migrationSource }, true);
}
