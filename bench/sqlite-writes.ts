/**
 * CPU per one-row write on SQLite: knex (one at a time and 8 concurrent) against the turn's
 * prepared statements (store/sqlite-statements.ts) and group commit (store/group-commit.ts),
 * in one process on one temp file. CPU is `process.cpuUsage()` (all threads, so SQLite's
 * work on the libuv pool counts). The last stdout line is JSON; `ratio` is the write's CPU ÷
 * knex's one-at-a-time CPU.
 *
 *   npx tsx bench/sqlite-writes.ts [--writes N]   (default 4000)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from 'sqlite3';
import { openDatabase } from '../store/db';
import { GroupCommit } from '../store/group-commit';
import { statementsOf } from '../store/sqlite-statements';
import { round } from './lib/latency-stats';

const UPDATE = 'update notes set n = ? where id = 1';

async function main(): Promise<void> {
  const at = process.argv.indexOf('--writes');
  const writes = at > 0 ? Number(process.argv[at + 1]) : 4000;
  if (!Number.isInteger(writes) || writes < 8) throw new Error('--writes needs a whole number ≥ 8');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'support-bot-writes-'));
  const db = openDatabase(`sqlite:${path.join(dir, 'writes.sqlite')}`);
  try {
    await db.raw('create table notes (id integer primary key, n integer)');
    await db('notes').insert({ id: 1, n: 0 });
    const cpuUsPerWrite = async (work: () => Promise<void>) => {
      const start = process.cpuUsage();
      await work();
      const used = process.cpuUsage(start);
      return (used.user + used.system) / writes;
    };
    const inEights = (write: (n: number) => Promise<unknown>) => async () => {
      for (let i = 0; i < writes; i += 8) await Promise.all(Array.from({ length: 8 }, (_, j) => write(i + j)));
    };
    const results: Record<string, number> = {};
    results.knex = await cpuUsPerWrite(async () => {
      for (let i = 0; i < writes; i++) await db('notes').where({ id: 1 }).update({ n: i });
    });
    results.knex8Concurrent = await cpuUsPerWrite(inEights((n) => db('notes').where({ id: 1 }).update({ n })));
    const connection = (await db.client.acquireConnection()) as Database;
    const statements = statementsOf(connection);
    results.prepared = await cpuUsPerWrite(async () => {
      for (let i = 0; i < writes; i++) await statements.run(UPDATE, [i]);
    });
    await db.client.releaseConnection(connection);
    const batches = new GroupCommit(db);
    results.groupCommit8Concurrent = await cpuUsPerWrite(inEights((n) => batches.run((s) => s.run(UPDATE, [n]))));
    results.groupCommitAlone = await cpuUsPerWrite(async () => {
      for (let i = 0; i < writes; i++) await batches.run((s) => s.run(UPDATE, [i]));
    });
    const report = Object.fromEntries(
      Object.entries(results).map(([name, us]) => [name, { cpuUsPerWrite: round(us), ratio: round(us / results.knex) }]),
    );
    console.log(JSON.stringify({ writes, loadAvg: os.loadavg().map(round), ...report }));
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
