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
 * Prepared statements of one node-sqlite3 connection, each compiled once on first use and
 * then only bound and stepped: one round trip to SQLite's thread per call instead of
 * knex's compile, prepare, run and finalize. Used for the customer turn's hot statements
 * (store/group-commit.ts); everything else stays on knex.
 *
 * Statements are kept by their SQL text, so callers pass constant SQL with `?` placeholders.
 * {@link finalizeStatements} must run before the connection closes (store/db.ts does).
 */
export class SqliteStatements implements SqliteRunner {
  private readonly prepared = new Map<string, Statement>();
  /** Statements being compiled: concurrent first uses share one. */
  private readonly preparing = new Map<string, Promise<Statement>>();

  constructor(private readonly connection: Database) {}

  /** Runs a statement that returns no rows. */
  run(sql: string, params: readonly SqliteValue[]): Promise<SqliteRunResult> {
    return this.with(
      sql,
      (statement) =>
        new Promise((resolve, reject) => {
          statement.run(params, function (this: SqliteRunResult, error: Error | null) {
            if (error) resetAfter(statement, error, reject);
            else resolve({ changes: this.changes, lastID: this.lastID });
          });
        }),
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
      (statement) =>
        new Promise((resolve, reject) => {
          statement.all(params, (error: Error | null, rows: T[]) => {
            if (error) resetAfter(statement, error, reject);
            else resolve(rows);
          });
        }),
    );
  }

  /** Finalizes every kept statement (SQLite refuses to close a connection with live ones). */
  async finalize(): Promise<void> {
    await Promise.allSettled(this.preparing.values());
    const statements = [...this.prepared.values()];
    this.prepared.clear();
    await Promise.all(statements.map((s) => new Promise<void>((resolve) => s.finalize(() => resolve()))));
  }

  /** Calls `use` with the statement of `sql`, compiling it on first use. */
  private with<T>(sql: string, use: (statement: Statement) => Promise<T>): Promise<T> {
    const statement = this.prepared.get(sql);
    return statement ? use(statement) : this.prepare(sql).then(use);
  }

  /**
   * Compiles `sql` once. A failure (a missing table, a busy schema) rejects the callers that
   * waited for it, and the next use compiles it again: node-sqlite3 would otherwise drop their
   * calls unanswered and raise the error on the statement, where nothing listens.
   */
  private prepare(sql: string): Promise<Statement> {
    let pending = this.preparing.get(sql);
    if (!pending) {
      pending = new Promise<Statement>((resolve, reject) => {
        const statement = this.connection.prepare(sql, (error: Error | null) => {
          this.preparing.delete(sql);
          if (error) return reject(error);
          this.prepared.set(sql, statement);
          resolve(statement);
        });
      });
      this.preparing.set(sql, pending);
    }
    return pending;
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
