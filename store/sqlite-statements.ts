import type { Database, Statement } from 'sqlite3';

/** A value node-sqlite3 can bind (booleans bind as 1 and 0, like knex binds them). */
export type SqliteValue = string | number | boolean | null;

/** What a write changed: the rows it touched and the rowid it inserted last. */
export interface SqliteRunResult {
  changes: number;
  lastID: number;
}

/** What a batched write runs its statements with (store/group-commit.ts). */
export interface SqliteRunner {
  /** Runs a statement that returns no rows. */
  run(sql: string, params: readonly SqliteValue[]): Promise<SqliteRunResult>;
  /** The first row of a query (or of a write with `RETURNING`), undefined when there is none. */
  get<T>(sql: string, params: readonly SqliteValue[]): Promise<T | undefined>;
  /** Every row of a query. */
  all<T>(sql: string, params: readonly SqliteValue[]): Promise<T[]>;
}

/**
 * Most statements of one SQL text that run at the same time. node-sqlite3 runs one call per
 * `Statement` object at a time and starts the next only from the event loop, after the last
 * one's callback: a batch of group commit with sixteen writes of the same kind paid sixteen
 * event-loop round trips one after another. Copies of the statement run side by side on
 * SQLite's threads instead (they still take turns on the connection, without a round trip).
 */
const COPIES_PER_STATEMENT = 16;

/** The compiled copies of one SQL text: those idle, and the calls waiting for one. */
interface StatementCopies {
  idle: Statement[];
  /** Copies compiled or being compiled. */
  count: number;
  /** Handed an idle copy, or nothing when a compile failed and left room to compile one. */
  waiting: Array<(statement: Statement | undefined) => void>;
}

/**
 * Prepared statements of one node-sqlite3 connection, each compiled on first use and then
 * only bound and stepped: one round trip to SQLite's thread per call instead of knex's
 * compile, prepare, run and finalize. Used for the customer turn's hot statements
 * (store/group-commit.ts); everything else stays on knex. Concurrent calls of one statement
 * get copies of their own, up to {@link COPIES_PER_STATEMENT}.
 *
 * Calls of one SQL text may complete in any order, as calls of different texts always could:
 * two unconditional writes of one row in one batch leave either value.
 *
 * Statements are kept by their SQL text, so callers pass constant SQL with `?` placeholders.
 * {@link finalizeStatements} must run before the connection closes (store/db.ts does).
 */
export class SqliteStatements implements SqliteRunner {
  private readonly copies = new Map<string, StatementCopies>();
  /** Every compiled copy, for {@link finalize}. */
  private readonly compiled = new Set<Statement>();
  /** Copies being compiled. */
  private readonly compiling = new Set<Promise<unknown>>();
  /** Set by {@link finalize}: later calls are refused rather than compiling copies nobody finalizes. */
  private closing = false;

  constructor(private readonly connection: Database) {}

  /** Runs a statement that returns no rows. */
  run(sql: string, params: readonly SqliteValue[]): Promise<SqliteRunResult> {
    return this.with(
      sql,
      (statement, done) =>
        new Promise((resolve, reject) =>
          handedBackOnThrow(done, reject, () =>
            statement.run(params, function (this: SqliteRunResult, error: Error | null) {
              if (error) resetAfter(statement, error, (e) => done(() => reject(e)));
              else {
                const result = { changes: this.changes, lastID: this.lastID };
                done(() => resolve(result));
              }
            }),
          ),
        ),
    );
  }

  /**
   * The first row of a query (or of a write with `RETURNING`), undefined when there is none.
   * Runs the statement to its end like {@link all} (one round trip, and nothing left open
   * that would block the COMMIT), so give queries a `LIMIT 1`.
   */
  async get<T>(sql: string, params: readonly SqliteValue[]): Promise<T | undefined> {
    const [row] = await this.all<T>(sql, params);
    return row;
  }

  /** Every row of a query. */
  all<T>(sql: string, params: readonly SqliteValue[]): Promise<T[]> {
    return this.with(
      sql,
      (statement, done) =>
        new Promise((resolve, reject) =>
          handedBackOnThrow(done, reject, () =>
            statement.all(params, (error: Error | null, rows: T[]) => {
              if (error) resetAfter(statement, error, (e) => done(() => reject(e)));
              else done(() => resolve(rows));
            }),
          ),
        ),
    );
  }

  /**
   * Finalizes every compiled copy (SQLite refuses to close a connection with live ones). Calls
   * still running finish first (node-sqlite3 finalizes a statement after its running call);
   * calls waiting for a copy, and any made from now on, are refused.
   */
  async finalize(): Promise<void> {
    this.closing = true;
    for (const copies of this.copies.values()) for (const waiter of copies.waiting.splice(0)) waiter(undefined);
    await Promise.allSettled(this.compiling);
    const statements = [...this.compiled];
    this.compiled.clear();
    this.copies.clear();
    await Promise.all(statements.map((s) => new Promise<void>((resolve) => s.finalize(() => resolve()))));
  }

  /**
   * Calls `use` with an idle copy of the statement of `sql` (compiling one when none is idle
   * and fewer than {@link COPIES_PER_STATEMENT} exist, else waiting for one). `use` calls
   * `done` with its settlement once the statement has finished, which hands the copy on.
   */
  private with<T>(sql: string, use: (statement: Statement, done: (settle: () => void) => void) => Promise<T>): Promise<T> {
    if (this.closing) return Promise.reject(closingError());
    let copies = this.copies.get(sql);
    if (!copies) {
      copies = { idle: [], count: 0, waiting: [] };
      this.copies.set(sql, copies);
    }
    const owned = copies;
    const done = (statement: Statement) => (settle: () => void) => {
      const next = owned.waiting.shift();
      if (next) next(statement);
      else owned.idle.push(statement);
      settle();
    };
    const idle = owned.idle.pop();
    if (idle) return use(idle, done(idle));
    if (owned.count < COPIES_PER_STATEMENT) {
      owned.count++;
      return this.compile(sql).then(
        (statement) => use(statement, done(statement)),
        (error: unknown) => {
          owned.count--;
          owned.waiting.shift()?.(undefined);
          throw error;
        },
      );
    }
    return new Promise<Statement | undefined>((resolve) => owned.waiting.push(resolve)).then((statement) =>
      statement ? use(statement, done(statement)) : this.with(sql, use),
    );
  }

  /**
   * Compiles a copy of `sql`. A failure (a missing table, a busy schema) rejects its caller,
   * and the next use compiles again: node-sqlite3 would otherwise drop the call unanswered
   * and raise the error on the statement, where nothing listens.
   */
  private compile(sql: string): Promise<Statement> {
    const compiling = new Promise<Statement>((resolve, reject) => {
      const statement = this.connection.prepare(sql, (error: Error | null) => {
        this.compiling.delete(compiling);
        if (error) return reject(error);
        // finalize() has begun: it only waited for this compile to end.
        if (this.closing) return statement.finalize(() => reject(closingError()));
        this.compiled.add(statement);
        resolve(statement);
      });
    });
    this.compiling.add(compiling);
    return compiling;
  }
}

/** What a call made while (or after) the statements are finalized gets. */
function closingError(): Error {
  return new Error('SQLite statements: the connection is closing');
}

/**
 * Calls `call` (a node-sqlite3 call that answers through a callback); should it throw instead,
 * hands the copy back and rejects with what it threw, so no copy is lost.
 */
function handedBackOnThrow(done: (settle: () => void) => void, reject: (error: unknown) => void, call: () => void): void {
  try {
    call();
  } catch (error) {
    done(() => reject(error));
  }
}

/**
 * Resets a statement that failed (e.g. SQLITE_BUSY) before reporting the error: left as it is,
 * it keeps its implicit transaction open and the connection's next BEGIN fails.
 */
function resetAfter(statement: Statement, error: Error, reject: (error: Error) => void): void {
  statement.reset(() => reject(error));
}

/** `?, ?, …` for a list of `count` bound values (`status in (…)`). */
export function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}

const byConnection = new WeakMap<Database, SqliteStatements>();

/** The prepared statements of a node-sqlite3 connection (one set per connection). */
export function statementsOf(connection: Database): SqliteStatements {
  let statements = byConnection.get(connection);
  if (!statements) {
    statements = new SqliteStatements(connection);
    byConnection.set(connection, statements);
  }
  return statements;
}

/** Finalizes the statements kept for `connection`, if any: call before closing it. */
export async function finalizeStatements(connection: Database): Promise<void> {
  await byConnection.get(connection)?.finalize();
  byConnection.delete(connection);
}
