import { existsSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import knex from 'knex';
import { openDatabase, type Knex } from '../../store/db';

/** Where one engine's seeded history lives and how to open it. */
export interface StatsFixture {
  url: string;
  /** True when the history was seeded by an earlier run and is reused as it is. */
  reused: boolean;
  /** Drops what was created for this run only (a kept fixture stays). */
  release(): Promise<void>;
}

/** Adds `search_path=<schema>` to a PostgreSQL URL. */
export function schemaUrl(base: string, schema: string): string {
  return `${base}${base.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}

/**
 * A SQLite history seeded once under `dir` and reused by later runs with the same size: it is
 * seeded into a `.partial` file and renamed only when complete, so an interrupted run never
 * leaves a half-seeded fixture. Migrations added since are applied on reuse.
 */
export async function sqliteFixture(dir: string, name: string, seed: (db: Knex) => Promise<void>): Promise<StatsFixture> {
  const file = path.join(dir, `${name}.sqlite`);
  const reused = existsSync(file);
  if (!reused) {
    const partial = `${file}.partial`;
    rmSync(partial, { force: true });
    const db = openDatabase(`sqlite:${partial}`);
    await seed(db).finally(() => db.destroy());
    renameSync(partial, file);
  }
  return { url: `sqlite:${file}`, reused, release: async () => undefined };
}

/**
 * A PostgreSQL history in its own schema. With `keep`, the schema is named after the fixture,
 * seeded under a `_partial` name and renamed when complete, and kept for later runs; without
 * it, a random schema dropped by `release`.
 */
export async function postgresFixture(
  base: string,
  schema: string,
  keep: boolean,
  seed: (db: Knex) => Promise<void>,
): Promise<StatsFixture> {
  const admin = knex({ client: 'pg', connection: base });
  try {
    const found = await admin('information_schema.schemata').where({ schema_name: schema }).first();
    const reused = keep && found !== undefined;
    if (!reused) {
      const target = keep ? `${schema}_partial` : schema;
      await admin.raw('drop schema if exists ?? cascade', [target]);
      await admin.raw('create schema ??', [target]);
      const db = openDatabase(schemaUrl(base, target));
      await seed(db).finally(() => db.destroy());
      if (keep) await admin.raw('alter schema ?? rename to ??', [target, schema]);
    }
    return {
      url: schemaUrl(base, schema),
      reused,
      release: async () => {
        if (keep) return;
        const dropper = knex({ client: 'pg', connection: base });
        await dropper.raw('drop schema if exists ?? cascade', [schema]).finally(() => dropper.destroy());
      },
    };
  } finally {
    await admin.destroy();
  }
}
