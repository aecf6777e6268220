import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { dialectOf } from './db';
import { ConflictError, InputError } from './errors';

/**
 * A consistent online backup of a SQLite database into `outFile` (SQLite's `VACUUM INTO`:
 * one read transaction, so concurrent writers neither block nor tear it). PostgreSQL is
 * backed up with `pg_dump` instead.
 */
export async function backupSqlite(db: Knex, outFile: string): Promise<{ bytesFile: string }> {
  if (dialectOf(db) !== 'sqlite') {
    throw new InputError('backup works on SQLite; for PostgreSQL use: pg_dump --format=custom --file=backup.dump "$DATABASE_URL"');
  }
  const target = path.resolve(outFile);
  if (existsSync(target)) throw new ConflictError(`${target} already exists; choose a new file name`);
  await db.raw('VACUUM INTO ?', [target]);
  return { bytesFile: target };
}
