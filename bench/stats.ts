/**
 * Stats benchmark (`npm run bench:stats`).
 *
 * Seeds ~100,000 conversations / ~1,000,000 messages over a year with the demo generator into
 * a temporary SQLite file and, when TEST_DATABASE_URL is set, a fresh PostgreSQL schema. A
 * child process then times `computeStats` (every figure of /admin/stats, from the roll-ups the
 * job builds plus raw partial hours at the edges) for the last 30 and 365 days, beside the same
 * answer from the source tables only (`computeRawStats`, `window365Raw.speedup` = raw ÷ roll-ups)
 * and `GET /admin/stats/timeseries` over the year per week (three figures, roll-ups vs raw),
 * and the baseline a straightforward implementation would use: response times
 * from a LEAD() window function over the messages. The child's peak RSS while answering is
 * reported. `p50Ms`/`p99Ms` are those of the default 30-day window; `window365` holds the
 * year. Options: --conversations N (default 100000) --runs N (default 15) --fixtures DIR (keep the
 * seeded histories, a SQLite file in DIR and a PostgreSQL schema `bench_stats_<N>`, and reuse them
 * in later runs: seeding takes minutes; migrations added since are applied and the roll-ups brought up to date).
 * The last stdout line is one JSON object.
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { DAY_MS } from '../common/time';
import { dialectOf, migrateLatest, openDatabase, type Knex } from '../store/db';
import { seedDemoHistory } from '../store/demo/seed-demo-history';
import { computeRawStats } from '../store/metrics/compute-raw-stats';
import { computeStats } from '../store/metrics/compute-stats';
import { rebuildStatsRollups } from '../store/metrics/rollups/rebuild-rollups';
import { postgresFixture, sqliteFixture, type StatsFixture } from './lib/stats-fixture';
import { computeResponseTime } from '../store/metrics/response-time';
import { computeRawTimeseries, computeTimeseries, type TimeseriesMetric } from '../store/metrics/timeseries';
import type { StatsWindow } from '../store/metrics/stats-window';

const NOW = Date.UTC(2026, 10, 1);
// The windows end mid-afternoon of the history's last day, as a dashboard opened then asks:
// both edges are partial days read raw, the whole days between from the roll-ups.
const WINDOW_END = NOW - 10.5 * 60 * 60 * 1000;
const NAIVE_SQL = `
select count(*) as n, avg(next_at - created_at) as avg_ms from (
  select created_at, role,
    lead(created_at) over (partition by conversation_id order by created_at, id) as next_at,
    lead(role) over (partition by conversation_id order by created_at, id) as next_role
  from messages where created_at >= ? and created_at < ?
) x where role = 'customer' and next_role in ('bot', 'agent')`;

// A dashboard's weekly charts: a count, a rate and an average.
const SERIES_METRICS: TimeseriesMetric[] = ['conversations', 'csat', 'avgResponseMs'];

const argsSchema = z.object({
  conversations: z.coerce.number().int().min(1000).default(100_000),
  runs: z.coerce.number().int().min(3).default(15),
  measure: z.string().optional(),
  fixtures: z.string().optional(),
});

/** Latency figures of one engine (milliseconds). */
interface EngineResult {
  messages: number;
  conversations: number;
  seedS?: number;
  p50Ms: number;
  p99Ms: number;
  window30: { p50Ms: number; p99Ms: number };
  window365: { p50Ms: number; p99Ms: number };
  /** The same 365-day answer from the source tables only (computeRawStats), and raw ÷ roll-ups. */
  window365Raw: { p50Ms: number; speedup: number };
  window30Raw: { p50Ms: number; speedup: number };
  /** The dashboard's weekly charts over the year (SERIES_METRICS), from roll-ups and from the source tables only. */
  timeseries365: { p50Ms: number; rawP50Ms: number; speedup: number };
  /** Seconds to build every roll-up of the seeded history (what the job does once after an upgrade). */
  rollupS?: number;
  responseTime30: { p50Ms: number; naiveP50Ms: number };
  responseTime365: { p50Ms: number; naiveP50Ms: number; avgMs: number | null; naiveAvgMs: number | null };
  naiveP50Ms: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p * sorted.length) / 100) - 1)];
}

async function time(runs: number, fn: () => Promise<unknown>): Promise<number[]> {
  await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    out.push(performance.now() - started);
  }
  return out.sort((a, b) => a - b);
}

const round = (x: number) => Math.round(x * 10) / 10;

/** Child process: times one database; returns the figures and the peak RSS. */
async function measure(url: string, runs: number): Promise<EngineResult & { rssMb: number }> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const db = openDatabase(url);
  try {
    const w30: StatsWindow = { from: WINDOW_END - 30 * DAY_MS, to: WINDOW_END, channel: null };
    const w365: StatsWindow = { from: WINDOW_END - 365 * DAY_MS, to: WINDOW_END, channel: null };
    const t30 = await time(runs, () => computeStats(db, w30));
    const t365 = await time(runs, () => computeStats(db, w365));
    const raw30 = await time(Math.min(runs, 5), () => computeRawStats(db, w30));
    const raw365 = await time(Math.min(runs, 5), () => computeRawStats(db, w365));
    const series = (compute: typeof computeTimeseries) => () =>
      Promise.all(SERIES_METRICS.map((metric) => compute(db, w365, metric, 'week')));
    const ts365 = await time(runs, series(computeTimeseries));
    const tsRaw365 = await time(Math.min(runs, 5), series(computeRawTimeseries));
    const rt30 = await time(runs, () => computeResponseTime(db, w30));
    const rt365 = await time(runs, () => computeResponseTime(db, w365));
    const naive = (w: StatsWindow) => db.raw(NAIVE_SQL, [w.from, w.to]);
    const n365 = await time(Math.min(runs, 7), () => naive(w365));
    const n30 = await time(Math.min(runs, 7), () => naive(w30));
    const ours = await computeResponseTime(db, w365);
    const theirs = rowOf(await naive(w365));
    const counts = rowOf(await db.raw('select (select count(*) from messages) as m, (select count(*) from conversations) as c'));
    return {
      messages: Number(counts.m),
      conversations: Number(counts.c),
      p50Ms: round(percentile(t30, 50)),
      p99Ms: round(percentile(t30, 99)),
      window30: { p50Ms: round(percentile(t30, 50)), p99Ms: round(percentile(t30, 99)) },
      window365: { p50Ms: round(percentile(t365, 50)), p99Ms: round(percentile(t365, 99)) },
      window365Raw: { p50Ms: round(percentile(raw365, 50)), speedup: round(percentile(raw365, 50) / percentile(t365, 50)) },
      window30Raw: { p50Ms: round(percentile(raw30, 50)), speedup: round(percentile(raw30, 50) / percentile(t30, 50)) },
      timeseries365: {
        p50Ms: round(percentile(ts365, 50)),
        rawP50Ms: round(percentile(tsRaw365, 50)),
        speedup: round(percentile(tsRaw365, 50) / percentile(ts365, 50)),
      },
      responseTime30: { p50Ms: round(percentile(rt30, 50)), naiveP50Ms: round(percentile(n30, 50)) },
      responseTime365: {
        p50Ms: round(percentile(rt365, 50)),
        naiveP50Ms: round(percentile(n365, 50)),
        avgMs: ours.avgMs === null ? null : round(ours.avgMs),
        naiveAvgMs: theirs.avg_ms === null ? null : round(Number(theirs.avg_ms)),
      },
      naiveP50Ms: round(percentile(n30, 50)),
      rssMb: 0,
    };
  } finally {
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    await db.destroy();
    process.send?.({ peakRssMb: Math.round(peak / 1048576) });
  }
}

function rowOf(result: unknown): Record<string, unknown> {
  const rows = Array.isArray(result) ? result : (result as { rows: unknown[] }).rows;
  return rows[0] as Record<string, unknown>;
}

function runChild(url: string, runs: number): Promise<EngineResult & { rssMb: number }> {
  return new Promise((resolve, reject) => {
    let result: (EngineResult & { rssMb: number }) | undefined;
    let rssMb = 0;
    const child = fork(__filename, ['--measure', url, '--runs', String(runs)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.on('message', (m: { result?: EngineResult & { rssMb: number }; peakRssMb?: number }) => {
      if (m.result) result = m.result;
      if (m.peakRssMb) rssMb = m.peakRssMb;
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      result && code === 0 ? resolve({ ...result, rssMb }) : reject(new Error(`measuring child exited with ${code}`)),
    );
  });
}

async function seedHistory(db: Knex, conversations: number): Promise<void> {
  await migrateLatest(db);
  await seedDemoHistory(db, { conversations, days: 365, now: NOW, seed: 2026, batchSize: 5000 });
}

/** Seeds the history (or reuses a kept fixture), then builds every roll-up as the hourly job does. */
async function prepare(
  fixture: (seed: (db: Knex) => Promise<void>) => Promise<StatsFixture>,
  conversations: number,
): Promise<{ fixture: StatsFixture; seedS?: number; rollupS: number }> {
  const started = performance.now();
  const prepared = await fixture((db) => seedHistory(db, conversations));
  const seeded = performance.now();
  const db = openDatabase(prepared.url);
  try {
    await migrateLatest(db);
    // The history ends at NOW, a midnight: every day of it is closed.
    await rebuildStatsRollups(db, NOW);
    const rolled = performance.now();
    // What autovacuum does on a live PostgreSQL (visibility map for index-only scans, statistics).
    await db.raw(dialectOf(db) === 'postgres' ? 'vacuum analyze' : 'analyze');
    const seedS = prepared.reused ? undefined : round((seeded - started) / 1000);
    return { fixture: prepared, seedS, rollupS: round((rolled - seeded) / 1000) };
  } finally {
    await db.destroy();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      conversations: { type: 'string' },
      runs: { type: 'string' },
      measure: { type: 'string' },
      fixtures: { type: 'string' },
    },
  });
  const args = argsSchema.parse(values);
  if (args.measure) {
    const result = await measure(args.measure, args.runs);
    process.send?.({ result });
    return;
  }
  const keep = args.fixtures !== undefined;
  const dir = args.fixtures ?? mkdtempSync(path.join(os.tmpdir(), 'bench-stats-'));
  mkdirSync(dir, { recursive: true });
  const name = `stats-${args.conversations}`;
  const out: Record<string, unknown> = { conversationsRequested: args.conversations, runs: args.runs };
  try {
    const sqliteRun = await prepare((seed) => sqliteFixture(dir, name, seed), args.conversations);
    console.log(
      `sqlite ${sqliteRun.fixture.reused ? 'fixture reused' : `seeded in ${sqliteRun.seedS} s`}, rolled up in ${sqliteRun.rollupS} s`,
    );
    const sqlite = await runChild(sqliteRun.fixture.url, args.runs);
    console.log(`sqlite: ${JSON.stringify(sqlite)}`);
    out.sqlite = { ...sqlite, seedS: sqliteRun.seedS, rollupS: sqliteRun.rollupS };
    out.rssMb = sqlite.rssMb;
    out.naiveP50Ms = sqlite.naiveP50Ms;
    const base = process.env.TEST_DATABASE_URL;
    if (base) {
      const schema = keep ? `bench_${name.replace('-', '_')}` : `bench_stats_${randomBytes(4).toString('hex')}`;
      const pgRun = await prepare((seed) => postgresFixture(base, schema, keep, seed), args.conversations);
      try {
        console.log(`postgres ${pgRun.fixture.reused ? 'fixture reused' : `seeded in ${pgRun.seedS} s`}, rolled up in ${pgRun.rollupS} s`);
        const postgres = await runChild(pgRun.fixture.url, args.runs);
        console.log(`postgres: ${JSON.stringify(postgres)}`);
        out.postgres = { ...postgres, seedS: pgRun.seedS, rollupS: pgRun.rollupS };
        out.rssMb = Math.max(sqlite.rssMb, postgres.rssMb);
      } finally {
        await pgRun.fixture.release();
      }
    } else {
      out.postgres = null;
      console.log('postgres: skipped (set TEST_DATABASE_URL to include it)');
    }
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
  console.log(JSON.stringify(out));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message.slice(0, 2000) : error);
  process.exitCode = 1;
});
