import { expect } from 'chai';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { SqliteStatements } from '../../store/sqlite-statements';
import { createSqliteDatabase, type TestDatabase } from '../helpers/databases';

/** A bound value the test connection's statements throw on synchronously. */
const THROWING_VALUE = -12345;

/**
 * A node-sqlite3 connection whose compiles are counted per SQL text, and whose statements
 * record any call made while the same statement object was still running one (`overlaps`).
 */
function countingConnection(file: string): { connection: sqlite3.Database; compiles: Map<string, number>; overlaps: string[] } {
  const connection = new sqlite3.Database(file);
  const compiles = new Map<string, number>();
  const overlaps: string[] = [];
  const prepare = connection.prepare.bind(connection) as (sql: string, callback: (error: Error | null) => void) => sqlite3.Statement;
  (connection as { prepare: unknown }).prepare = (sql: string, callback: (error: Error | null) => void) => {
    compiles.set(sql, (compiles.get(sql) ?? 0) + 1);
    const statement = prepare(sql, callback);
    let running = false;
    for (const method of ['run', 'all'] as const) {
      const original = statement[method].bind(statement) as (params: unknown, callback: (...args: unknown[]) => void) => void;
      (statement as unknown as Record<string, unknown>)[method] = (params: unknown, callback: (...args: unknown[]) => void) => {
        // Stands in for a call node-sqlite3 refuses on the spot (it throws instead of calling back).
        if (Array.isArray(params) && params[0] === THROWING_VALUE) throw new Error('refused on the spot');
        if (running) overlaps.push(sql);
        running = true;
        original(params, function (this: unknown, ...args: unknown[]) {
          running = false;
          callback.apply(this, args);
        });
      };
    }
    return statement;
  };
  return { connection, compiles, overlaps };
}

const close = (connection: sqlite3.Database) =>
  new Promise<void>((resolve, reject) => connection.close((error) => (error ? reject(error) : resolve())));

describe('SqliteStatements [sqlite]', () => {
  let database: TestDatabase;
  let connection: sqlite3.Database;
  let compiles: Map<string, number>;
  let overlaps: string[];
  let statements: SqliteStatements;

  beforeEach(async () => {
    database = await createSqliteDatabase();
    ({ connection, compiles, overlaps } = countingConnection(path.resolve(database.url.replace(/^sqlite:/, ''))));
    statements = new SqliteStatements(connection);
    await statements.run('create table notes (id integer primary key, n integer not null)', []);
  });
  afterEach(async () => {
    expect(overlaps, 'no statement object ran two calls at once').to.deep.equal([]);
    await statements.finalize();
    await close(connection);
    await database.dispose();
  });

  const INSERT = 'insert into notes (n) values (?)';

  it('runs concurrent calls of one statement on copies of their own, at most sixteen, and answers every call', async () => {
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => statements.run(INSERT, [i])));
    expect(results.map((r) => r.changes)).to.deep.equal(Array(40).fill(1));
    for (const [i, r] of results.entries()) {
      const [row] = await statements.all<{ n: number }>('select n from notes where id = ?', [r.lastID]);
      expect(row.n, 'each call reports the row it inserted').to.equal(i);
    }
    expect(compiles.get(INSERT), 'copies compiled for the calls that overlapped, capped').to.be.within(2, 16);
    const rows = await statements.all<{ n: number }>('select n from notes order by n', []);
    expect(rows.map((r) => r.n)).to.deep.equal(Array.from({ length: 40 }, (_, i) => i));
  });

  it('reuses idle copies: calls one after another compile the statement once', async () => {
    for (let i = 0; i < 5; i++) await statements.run(INSERT, [i]);
    expect(compiles.get(INSERT)).to.equal(1);
    // Eight at once after that compile up to seven more, and no more than that on the next eight.
    await Promise.all(Array.from({ length: 8 }, (_, i) => statements.run(INSERT, [i])));
    const afterFirstWave = compiles.get(INSERT)!;
    await Promise.all(Array.from({ length: 8 }, (_, i) => statements.run(INSERT, [i])));
    expect(compiles.get(INSERT)).to.equal(afterFirstWave);
  });

  it('rejects every caller of a statement that does not compile, also those beyond the copies, and compiles it once it can', async () => {
    const read = () => statements.all<{ text: string }>('select text from later_notes', []);
    const failures = await Promise.allSettled(Array.from({ length: 24 }, read));
    for (const f of failures) {
      expect(f.status).to.equal('rejected');
      expect(String((f as PromiseRejectedResult).reason)).to.match(/no such table: later_notes/);
    }
    await statements.run('create table later_notes (text text)', []);
    await statements.run("insert into later_notes (text) values ('there now')", []);
    expect(await Promise.all([read(), read()])).to.deep.equal([[{ text: 'there now' }], [{ text: 'there now' }]]);
  });

  it('hands a copy on after a failed call: the statement is reset and answers the next one', async () => {
    await statements.run('create unique index notes_n on notes (n)', []);
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => statements.run(INSERT, [7])));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).to.have.length(1);
    expect(outcomes.filter((o) => o.status === 'rejected')).to.have.length(19);
    const more = await Promise.all(Array.from({ length: 20 }, (_, i) => statements.run(INSERT, [100 + i])));
    expect(more.every((r) => r.changes === 1)).to.equal(true);
  });

  it('leaves no transaction open after a failed call: the connection begins and commits the next one', async () => {
    await statements.run('create unique index notes_n on notes (n)', []);
    await statements.run(INSERT, [1]);
    await Promise.allSettled(Array.from({ length: 4 }, () => statements.run(INSERT, [1])));
    await statements.run('BEGIN IMMEDIATE', []);
    await statements.run(INSERT, [2]);
    await statements.run('COMMIT', []);
    expect(await statements.all('select n from notes order by n', [])).to.deep.equal([{ n: 1 }, { n: 2 }]);
  });

  it('settles every call when finalized in their midst, and the connection closes', async () => {
    await Promise.all(Array.from({ length: 16 }, (_, i) => statements.run(INSERT, [i])));
    // Sixteen copies run these, eight wait for one; the last call's statement is still compiling.
    const calls = Array.from({ length: 24 }, (_, i) => statements.run(INSERT, [i]));
    const late = statements.run('insert into notes (n) values (?) returning id', [99]);
    await statements.finalize();
    const outcomes = await Promise.allSettled([...calls, late, statements.run(INSERT, [100])]);
    for (const o of outcomes) {
      if (o.status === 'rejected') expect(String(o.reason)).to.match(/the connection is closing/);
    }
    expect(outcomes.map((o) => o.status)).to.deep.equal([
      ...Array(16).fill('fulfilled'),
      ...Array(8).fill('rejected'),
      'rejected',
      'rejected',
    ]);
    await close(connection);
    ({ connection } = countingConnection(':memory:'));
    statements = new SqliteStatements(connection);
  });

  it('hands a copy back when the call throws instead of calling back, so later calls still get one', async () => {
    const thrown = await Promise.allSettled(Array.from({ length: 40 }, () => statements.run(INSERT, [THROWING_VALUE])));
    expect(thrown.every((t) => t.status === 'rejected' && /refused on the spot/.test(String(t.reason)))).to.equal(true);
    const later = await Promise.race([
      Promise.all(Array.from({ length: 20 }, (_, i) => statements.run(INSERT, [i]))),
      new Promise<'stuck'>((resolve) => setTimeout(() => resolve('stuck'), 2000)),
    ]);
    expect(later, 'no copy was lost to the throws').to.not.equal('stuck');
  });

  it('finalizes every copy, so the connection closes', async () => {
    await Promise.all(Array.from({ length: 12 }, (_, i) => statements.run(INSERT, [i])));
    await statements.finalize();
    await close(connection);
    // afterEach closes again: give it a fresh connection to close.
    ({ connection } = countingConnection(':memory:'));
    statements = new SqliteStatements(connection);
  });
});
