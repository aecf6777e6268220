import type { Knex } from 'knex';
import type { Database } from 'sqlite3';
import { dialectOf } from './db';
import { statementsOf, type SqliteRunner, type SqliteStatements, type SqliteValue } from './sqlite-statements';

/**
 * One write of a turn (a few statements that belong together), or one of the reads every turn
 * makes, run inside the batch's transaction. It must throw when it cannot complete: the batch
 * then rolls back. A read settles after the COMMIT like a write, so what it returned was never
 * rolled back (a failed batch runs it again, alone).
 */
export type BatchedWrite<T> = (statements: SqliteRunner) => Promise<T>;

interface Pending {
  write: BatchedWrite<unknown>;
  /** Runs in a transaction also when alone in its batch. */
  atomic: boolean;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

type Outcome = { ok: true; results: unknown[] } | { ok: false; error: unknown };

/**
 * Group commit on SQLite: the writes that concurrent turns submit while a batch runs (or in
 * the same tick) go to the database together, in one transaction on the one connection, with
 * prepared statements ({@link SqliteStatements}); each caller's promise settles only after
 * its batch committed. Nothing is acknowledged earlier than before: a turn that awaits its
 * write has it stored, exactly as with an autocommitted statement.
 *
 * When a batch fails, it is rolled back (nothing of it is stored) and each of its writes runs
 * again in a transaction of its own, so a failing write fails only its own turn. A batch of
 * one write runs without BEGIN and COMMIT, its statements committing one by one as before,
 * unless the write is atomic.
 *
 * The connection comes from knex's pool (one connection on SQLite), so a batch never
 * interleaves with a knex transaction.
 */
export class GroupCommit {
  private queue: Pending[] = [];
  private draining = false;

  constructor(private readonly db: Knex) {}

  /**
   * Runs `write` in the next batch; resolves with its result once the batch committed. An
   * `atomic` write (several statements that must commit together, like a knex transaction)
   * runs in a transaction also when it is alone in its batch.
   */
  run<T>(write: BatchedWrite<T>, options: { atomic?: boolean } = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ write, atomic: options.atomic ?? false, resolve: resolve as (value: unknown) => void, reject });
      if (this.draining) return;
      this.draining = true;
      // The turns of this tick join the first batch; later ones wait for the running batch.
      setImmediate(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      await this.commit(batch);
    }
    this.draining = false;
  }

  private async commit(batch: Pending[]): Promise<void> {
    let connection: Database;
    try {
      connection = (await this.db.client.acquireConnection()) as Database;
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    const settle: Array<() => void> = [];
    try {
      const statements = statementsOf(connection);
      const outcome = batch.length === 1 && !batch[0].atomic ? await alone(statements, batch[0]) : await inTransaction(statements, batch);
      if (outcome.ok) {
        batch.forEach((p, i) => settle.push(() => p.resolve(outcome.results[i])));
      } else if (batch.length === 1) {
        settle.push(() => batch[0].reject(outcome.error));
      } else {
        for (const p of batch) {
          const alone = await inTransaction(statements, [p]);
          settle.push(alone.ok ? () => p.resolve(alone.results[0]) : () => p.reject(alone.error));
        }
      }
    } finally {
      await this.db.client.releaseConnection(connection);
    }
    for (const s of settle) s();
  }
}

/**
 * A batch of one write runs its statements as they ran before group commit (each commits on
 * its own): a transaction around them would only add BEGIN and COMMIT.
 */
async function alone(statements: SqliteStatements, p: Pending): Promise<Outcome> {
  try {
    return { ok: true, results: [await p.write(statements)] };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * Runs the writes in one transaction (BEGIN and COMMIT prepared too); on any failure rolls it
 * all back. The plain writes start together, each one's statements still in order: handing a
 * statement to SQLite's thread while that thread sleeps costs the event loop 15–20 µs (waking
 * it), against about 1 µs while it is busy, so a batch whose writes went one after another paid
 * the wake-up for every statement. They come from different turns (a turn submits its next
 * write only once the last one settled) and each is safe beside another of the same row (one
 * statement, an upsert, or an insert that falls back to reading the winner). An atomic write
 * (check, then insert: opening a conversation) runs after them, one at a time, so two of them
 * never interleave.
 */
async function inTransaction(statements: SqliteStatements, batch: Pending[]): Promise<Outcome> {
  try {
    await statements.run('BEGIN IMMEDIATE', []);
  } catch (error) {
    return { ok: false, error };
  }
  const results = new Map<Pending, unknown>();
  const guard = new BatchGuard(statements);
  try {
    const plain = batch.filter((p) => !p.atomic);
    // Every plain write settles before anything else runs, so none is left outside the transaction.
    const settled = await Promise.allSettled(plain.map((p) => guard.write(p.write)));
    settled.forEach((outcome, i) => {
      if (outcome.status === 'rejected') throw outcome.reason;
      results.set(plain[i], outcome.value);
    });
    for (const p of batch) if (p.atomic) results.set(p, await p.write(statements));
    await statements.run('COMMIT', []);
    return { ok: true, results: batch.map((p) => results.get(p)) };
  } catch (error) {
    await statements.run('ROLLBACK', []).catch(() => undefined);
    return { ok: false, error };
  }
}

/**
 * The statements of a batch whose plain writes run side by side: once one of them failed, the
 * others get no new statement. Some failures (a full disk, an I/O error) end SQLite's
 * transaction by themselves, and a statement run after that would commit on its own, outside
 * the batch that is then rolled back and run again write by write.
 */
class BatchGuard implements SqliteRunner {
  private failed = false;

  constructor(private readonly statements: SqliteStatements) {}

  /** Runs `write` with these statements; its failure stops the batch's other writes. */
  async write<T>(write: BatchedWrite<T>): Promise<T> {
    try {
      return await write(this);
    } catch (error) {
      this.failed = true;
      throw error;
    }
  }

  run(sql: string, params: readonly SqliteValue[]) {
    return this.checked(() => this.statements.run(sql, params));
  }

  get<T>(sql: string, params: readonly SqliteValue[]) {
    return this.checked(() => this.statements.get<T>(sql, params));
  }

  all<T>(sql: string, params: readonly SqliteValue[]) {
    return this.checked(() => this.statements.all<T>(sql, params));
  }

  private async checked<T>(statement: () => Promise<T>): Promise<T> {
    if (this.failed) throw new Error('group commit: another write of the batch failed; this one runs again alone');
    return statement();
  }
}

const byDatabase = new WeakMap<Knex, GroupCommit>();

/**
 * The group commit of a SQLite database; undefined on PostgreSQL (knex runs its statements
 * there, on a pool of connections) and inside a knex transaction (whose statements must run
 * on the transaction's connection, which a batch would wait for).
 */
export function groupCommitOf(db: Knex): GroupCommit | undefined {
  if (db.isTransaction || dialectOf(db) !== 'sqlite') return undefined;
  let groupCommit = byDatabase.get(db);
  if (!groupCommit) {
    groupCommit = new GroupCommit(db);
    byDatabase.set(db, groupCommit);
  }
  return groupCommit;
}

/**
 * Runs one write built with knex and returns the number of rows it changed: knex reports it for
 * updates, PostgreSQL's driver for inserts; undefined where neither does (an insert in a SQLite
 * transaction). On SQLite, knex only compiles it: the
 * statement runs prepared in the group commit, for the turn's less frequent writes (a new
 * customer, the greeting claim, the conversation reference, the first intent).
 */
export async function changedRows(db: Knex, query: Knex.QueryBuilder): Promise<number | undefined> {
  const batched = groupCommitOf(db);
  if (!batched) {
    const result: unknown = await query;
    if (typeof result === 'number') return result;
    return hasRowCount(result) ? result.rowCount : undefined;
  }
  const { sql, bindings } = query.toSQL().toNative();
  return (await batched.run((s) => s.run(sql, bindings as SqliteValue[]))).changes;
}

function hasRowCount(result: unknown): result is { rowCount: number } {
  return typeof result === 'object' && result !== null && typeof (result as { rowCount?: unknown }).rowCount === 'number';
}
