import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knex from 'knex';
import { migrateLatest, openDatabase, type Knex } from '../../store/db';

/** A database a test suite runs against: its URL and how to remove it afterwards. */
export interface TestDatabase {
  url: string;
  dispose(): Promise<void>;
}

/** A database engine tests run on; `create` makes a fresh, empty database. */
export interface TestEngine {
  name: 'sqlite' | 'postgres';
  /** Why the engine is unavailable (the suite is then skipped with this message). */
  unavailable?: string;
  create(): Promise<TestDatabase>;
}

/** A fresh SQLite file in its own temp folder. */
export async function createSqliteDatabase(): Promise<TestDatabase> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'support-bot-test-'));
  return {
    url: `sqlite:${path.join(dir, 'test.sqlite')}`,
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * A schema of its own on the PostgreSQL server of `TEST_DATABASE_URL`, dropped afterwards.
 * The returned URL selects it with libpq's `options=-c search_path=…`.
 */
export async function createPostgresDatabase(): Promise<TestDatabase> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error('TEST_DATABASE_URL is unset');
  const schema = `sb_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = knex({ client: 'pg', connection: base });
  await admin.raw(`create schema "${schema}"`);
  await admin.destroy();
  const separator = base.includes('?') ? '&' : '?';
  return {
    url: `${base}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    dispose: async () => {
      const cleanup = knex({ client: 'pg', connection: base });
      await cleanup.raw(`drop schema if exists "${schema}" cascade`);
      await cleanup.destroy();
    },
  };
}

/** SQLite always; PostgreSQL when `TEST_DATABASE_URL` is set, otherwise reported as skipped. */
export const testEngines: TestEngine[] = [
  { name: 'sqlite', create: createSqliteDatabase },
  {
    name: 'postgres',
    unavailable: process.env.TEST_DATABASE_URL
      ? undefined
      : 'PostgreSQL tests SKIPPED: set TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test to run them',
    create: createPostgresDatabase,
  },
];

/**
 * Declares a suite once per engine. An unavailable engine's suite shows as pending with the
 * reason printed, never as passed.
 */
export function describeEachEngine(title: string, body: (engine: TestEngine) => void): void {
  for (const engine of testEngines) {
    describe(`${title} [${engine.name}]`, function () {
      if (engine.unavailable) {
        before(function () {
          console.log(`      ${engine.unavailable}`);
          this.skip();
        });
      }
      body(engine);
    });
  }
}

/**
 * Registers mocha hooks that give the suite a fresh, migrated database of `engine`: `prepare`
 * receives it once before the tests (to keep it and fill it); it is closed and removed after.
 */
export function useMigratedDatabase(engine: TestEngine, prepare: (db: Knex) => Promise<void> | void): void {
  let database: TestDatabase | undefined;
  let db: Knex | undefined;
  before(async () => {
    database = await engine.create();
    db = openDatabase(database.url);
    await migrateLatest(db);
    await prepare(db);
  });
  after(async () => {
    await db?.destroy();
    await database?.dispose();
  });
}
