import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { ConflictError } from './errors';
import { groupCommitOf } from './group-commit';
import type { SqliteRunner } from './sqlite-statements';
import type { DbBotStateRow } from './tables';

/** A stored item; `eTag` is the optimistic-concurrency token (`*` overwrites). */
export interface StateItem {
  eTag?: string;
  [key: string]: unknown;
}

/**
 * Key/value state with eTag concurrency on the `bot_state` table. Structurally it is
 * botbuilder's `Storage` (read/write/delete), without depending on the Bot Framework here.
 * A write whose eTag is stale fails with {@link ConflictError}; `*` or no eTag overwrites.
 */
export class KnexStateStorage {
  constructor(private readonly db: Knex) {}

  /** Reads the given keys; missing keys are absent from the result. */
  async read(keys: string[]): Promise<Record<string, StateItem>> {
    if (keys.length === 0) return {};
    const batched = groupCommitOf(this.db);
    const rows =
      batched && keys.length === 1
        ? await batched.run((s) => s.all<DbBotStateRow>('select * from bot_state where key = ?', keys))
        : await this.db<DbBotStateRow>('bot_state').whereIn('key', keys);
    const out: Record<string, StateItem> = {};
    for (const row of rows) out[row.key] = { ...JSON.parse(row.data), eTag: row.etag };
    return out;
  }

  /** Writes items, each atomically and conditionally on its eTag. */
  async write(changes: Record<string, StateItem>): Promise<void> {
    for (const [key, { eTag, ...rest }] of Object.entries(changes)) await this.writeSerialised(key, JSON.stringify(rest), eTag);
  }

  /** The stored JSON of one key as it is stored, for callers that parse it themselves. */
  async readSerialised(key: string): Promise<string | undefined> {
    const batched = groupCommitOf(this.db);
    const row = batched
      ? await batched.run((s) => s.get<Pick<DbBotStateRow, 'data'>>('select data from bot_state where key = ? limit 1', [key]))
      : await this.db<DbBotStateRow>('bot_state').where({ key }).first('data');
    return row?.data;
  }

  /** Deletes the given keys (missing keys are ignored). */
  async delete(keys: string[]): Promise<void> {
    if (keys.length > 0) await this.db('bot_state').whereIn('key', keys).delete();
  }

  /**
   * Writes already serialised JSON under `key`, conditionally on `eTag` unless it is missing
   * or `*`: callers that serialised it (to see whether it changed) need not serialise it again.
   */
  async writeSerialised(key: string, data: string, eTag?: string): Promise<void> {
    const newTag = randomUUID();
    const now = Date.now();
    const conditional = eTag !== undefined && eTag !== '*';
    const batched = groupCommitOf(this.db);
    if (batched) return batched.run((s) => writeOnSqlite(s, { key, data, etag: newTag, updated_at: now }, conditional ? eTag : undefined));
    const update = this.db('bot_state').where({ key });
    if (conditional) update.andWhere({ etag: eTag });
    const updated = await update.update({ data, etag: newTag, updated_at: now });
    if (updated > 0) return;
    if (conditional) throw new ConflictError(`Storage: eTag conflict on "${key}"`);
    const inserted = await this.db('bot_state')
      .insert({ key, data, etag: newTag, updated_at: now })
      .onConflict('key')
      .ignore()
      .returning('key');
    // Another writer inserted the key between our update and insert: unconditional writes win.
    if (inserted.length === 0) await this.db('bot_state').where({ key }).update({ data, etag: newTag, updated_at: now });
  }
}

/** A state write on SQLite in one batched write: the same statements as the knex path, prepared. */
async function writeOnSqlite(s: SqliteRunner, row: DbBotStateRow, eTag: string | undefined): Promise<void> {
  const values = [row.data, row.etag, row.updated_at, row.key];
  const updated =
    eTag === undefined
      ? await s.run('update bot_state set data = ?, etag = ?, updated_at = ? where key = ?', values)
      : await s.run('update bot_state set data = ?, etag = ?, updated_at = ? where key = ? and etag = ?', [...values, eTag]);
  if (updated.changes > 0) return;
  if (eTag !== undefined) throw new ConflictError(`Storage: eTag conflict on "${row.key}"`);
  // Another process inserted the key between the update and this insert: unconditional writes win.
  await s.run(
    'insert into bot_state (key, data, etag, updated_at) values (?, ?, ?, ?) on conflict (key) do update set data = excluded.data, etag = excluded.etag, updated_at = excluded.updated_at',
    [row.key, row.data, row.etag, row.updated_at],
  );
}
