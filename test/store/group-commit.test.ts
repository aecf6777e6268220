import { expect } from 'chai';
import { openDatabase, type Knex } from '../../store/db';
import { changedRows, GroupCommit, groupCommitOf } from '../../store/group-commit';
import type { SqliteRunner } from '../../store/sqlite-statements';
import { createSqliteDatabase, testEngines, type TestDatabase } from '../helpers/databases';

/** Group commit exists on SQLite only; on PostgreSQL the same store functions run on knex. */
describe('GroupCommit [sqlite]', () => {
  let database: TestDatabase;
  let db: Knex;
  /** A second connection to the same file: it sees only what was committed. */
  let observer: Knex;
  let batches: GroupCommit;

  before(async () => {
    database = await createSqliteDatabase();
    db = openDatabase(database.url);
    observer = openDatabase(database.url);
    await db.raw('create table notes (id integer primary key, text text not null)');
  });
  beforeEach(async () => {
    await db('notes').delete();
    batches = new GroupCommit(db);
  });
  after(async () => {
    await observer.destroy();
    await db.destroy();
    await database.dispose();
  });

  const insert = (text: string) => batches.run((s) => s.run('insert into notes (text) values (?)', [text]));
  const committed = async () => (await observer('notes').orderBy('id').pluck('text')) as string[];

  it('commits the writes submitted together in one transaction, each caller settling after the commit', async () => {
    const seenInside: string[][] = [];
    const seenAfter: string[][] = [];
    const writes = ['a', 'b', 'c', 'd'].map((text, i) =>
      batches
        .run(async (s) => {
          await s.run('insert into notes (text) values (?)', [text]);
          if (i === 3) seenInside.push(await committed());
          return text;
        })
        .then(async (result) => {
          seenAfter.push(await committed());
          return result;
        }),
    );
    expect(await Promise.all(writes)).to.deep.equal(['a', 'b', 'c', 'd']);
    expect(seenInside, 'nothing of the batch is visible before its commit').to.deep.equal([[]]);
    // The four inserts are one SQL text: they run side by side, so their row ids come in any order.
    for (const seen of seenAfter) expect(seen.sort(), 'each caller sees the whole batch committed').to.deep.equal(['a', 'b', 'c', 'd']);
  });

  it('starts the plain writes of a batch together, each one’s statements in order', async () => {
    const log: string[] = [];
    await Promise.all([
      batches.run(async (s) => {
        await s.run('insert into notes (text) values (?)', ['a1']);
        log.push('a1 done');
        await s.run('insert into notes (text) values (?)', ['a2']);
        log.push('a2 done');
      }),
      batches.run(async (s) => {
        log.push('b started');
        await s.run('insert into notes (text) values (?)', ['b1']);
      }),
    ]);
    expect(log.indexOf('b started'), log.join(', ')).to.be.lessThan(log.indexOf('a1 done'));
    expect(log.indexOf('a1 done')).to.be.lessThan(log.indexOf('a2 done'));
    expect((await committed()).sort()).to.deep.equal(['a1', 'a2', 'b1']);
  });

  it('runs the atomic writes of a batch one at a time, so a check and its insert are never split', async () => {
    const insertOnce = (s: SqliteRunner) =>
      (async () => {
        const [{ n }] = await s.all<{ n: number }>('select count(*) as n from notes where text = ?', ['once']);
        if (n === 0) await s.run('insert into notes (text) values (?)', ['once']);
      })();
    await Promise.all([insert('plain'), ...Array.from({ length: 5 }, () => batches.run(insertOnce, { atomic: true }))]);
    expect((await committed()).sort()).to.deep.equal(['once', 'plain']);
  });

  it('gives the other writes of a batch no new statement once one failed: a full disk ends the transaction, and nothing may commit on its own', async () => {
    await db.raw('create table if not exists counter (k integer primary key, v integer)');
    await db.raw('create table if not exists big (x blob)');
    await db('counter').delete();
    await db('counter').insert({ k: 0, v: 0 });
    const [{ page_count: pages }] = (await db.raw('pragma page_count')) as Array<{ page_count: number }>;
    // SQLite's own stand-in for a full disk: the file may not grow by more than a few pages.
    await db.raw(`pragma max_page_count = ${pages + 5}`);
    try {
      const twoSteps = batches.run(async (s) => {
        await s.run('update counter set v = v + 1 where k = ?', [0]);
        await new Promise((resolve) => setTimeout(resolve, 20));
        await s.run('update counter set v = v + 10 where k = ?', [0]);
      });
      const tooBig = batches.run(async (s) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        await s.run('insert into big values (zeroblob(?))', [1_000_000]);
      });
      const outcomes = await Promise.allSettled([twoSteps, tooBig]);
      expect(outcomes.map((o) => o.status)).to.deep.equal(['fulfilled', 'rejected']);
      const [{ v }] = await observer('counter').where({ k: 0 }).select('v');
      expect(v, 'the two-step write committed once, as a whole').to.equal(11);
    } finally {
      await db.raw('pragma max_page_count = 1073741823');
    }
  });

  it('fails only the failing write of a batch and stores nothing of it', async () => {
    const outcomes = await Promise.allSettled([
      insert('kept 1'),
      batches.run(async (s) => {
        await s.run('insert into notes (text) values (?)', ['half of a failed write']);
        await s.run('insert into notes (text) values (?)', [null]);
      }),
      insert('kept 2'),
    ]);
    expect(outcomes.map((o) => o.status)).to.deep.equal(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).to.match(/NOT NULL/);
    expect(await committed()).to.deep.equal(['kept 1', 'kept 2']);
  });

  it('runs an atomic write alone in a transaction of its own: a failure leaves nothing of it', async () => {
    const write = async (s: SqliteRunner) => {
      await s.run('insert into notes (text) values (?)', ['first half']);
      await s.run('insert into notes (text) values (?)', [null]);
    };
    expect(String(await batches.run(write, { atomic: true }).catch((e: unknown) => e))).to.match(/NOT NULL/);
    expect(await committed()).to.deep.equal([]);
    expect(String(await batches.run(write).catch((e: unknown) => e))).to.match(/NOT NULL/);
    expect(await committed(), 'alone and not atomic, each statement commits on its own').to.deep.equal(['first half']);
  });

  it('runs writes submitted while a batch commits in the next batch, in order', async () => {
    const first = insert('first');
    await new Promise((resolve) => setImmediate(resolve));
    const later = [insert('second'), insert('third')];
    await Promise.all([first, ...later]);
    expect(await committed()).to.deep.equal(['first', 'second', 'third']);
  });

  it('never interleaves with a knex transaction on the same database', async () => {
    const trx = await db.transaction();
    await trx('notes').insert({ text: 'in the transaction' });
    const batched = insert('batched');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(await committed(), 'the batch waits for the connection').to.deep.equal([]);
    await trx.rollback();
    await batched;
    expect(await committed()).to.deep.equal(['batched']);
  });

  it('rejects a statement that does not compile (a missing table) and compiles it again once it can', async () => {
    const read = () => batches.run((s) => s.all<{ text: string }>('select text from later_notes', []));
    const failures = await Promise.allSettled([read(), read()]);
    for (const f of failures) expect(String((f as PromiseRejectedResult).reason)).to.match(/no such table: later_notes/);
    await db.raw('create table later_notes (text text)');
    await db('later_notes').insert({ text: 'there now' });
    expect(await read()).to.deep.equal([{ text: 'there now' }]);
    await db.schema.dropTable('later_notes');
  });

  it('runs a write built with knex in the batch and reports the rows it changed', async () => {
    await db('notes').insert([{ text: 'x' }, { text: 'x' }, { text: 'y' }]);
    const [changed, inserted] = await Promise.all([
      changedRows(db, db('notes').where({ text: 'x' }).update({ text: 'z' })),
      changedRows(db, db('notes').insert({ text: 'w' })),
      insert('batched beside them'),
    ]);
    expect([changed, inserted]).to.deep.equal([2, 1]);
    expect(await committed()).to.deep.equal(['z', 'z', 'y', 'w', 'batched beside them']);
    await db.transaction(async (trx) => expect(await changedRows(trx, trx('notes').where({ text: 'z' }).delete())).to.equal(2));
  });

  it('is not used inside a knex transaction or on PostgreSQL', async () => {
    expect(groupCommitOf(db)).to.be.instanceOf(GroupCommit);
    await db.transaction(async (trx) => expect(groupCommitOf(trx)).to.equal(undefined));
    const postgres = testEngines.find((e) => e.name === 'postgres');
    if (postgres?.unavailable) return;
    const pgDatabase = await postgres!.create();
    const pg = openDatabase(pgDatabase.url);
    try {
      expect(groupCommitOf(pg)).to.equal(undefined);
    } finally {
      await pg.destroy();
      await pgDatabase.dispose();
    }
  });
});
