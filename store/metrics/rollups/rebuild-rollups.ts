import type { Knex } from 'knex';
import { DAY_MS } from '../../../common/time';
import { dialectOf } from '../../db';
import { toCount } from '../stats-window';
import { rawDayFigures } from './raw-figures';
import { deleteChurnRollups, writeChurnRollups } from './churn-rollups';
import { deleteMonthRollups, readRolledDays, readRolledMonths, writeDayRollups, writeMonthRollups } from './rollup-tables';
import { allIn, monthOf, nextMonth, type DayRun } from './window-split';

/** The tables the roll-ups are computed from (their writes invalidate days, see the migration). */
const SOURCE_TABLES = ['conversations', 'messages', 'feedback', 'handoffs', 'tickets', 'ticket_events', 'kb_feedback'];
/** Days rebuilt per transaction: the source tables are locked for writes while one is computed. */
const DAYS_PER_TRANSACTION = 1;
/** Attempts to take the PostgreSQL locks of one batch while writers hold them. */
const LOCK_ATTEMPTS = 20;
const LOCK_RETRY_MS = 50;

/** Options of {@link rebuildStatsRollups}. */
export interface RebuildOptions {
  /** Recompute every closed day, current or not (`support-bot stats rebuild`). */
  all?: boolean;
}

/** What a rebuild did. */
export interface RebuildResult {
  /** Days (re)computed. */
  days: number;
}

/** The first UTC day holding any stats source row, or null on an empty database. */
async function firstDataDay(db: Knex): Promise<number | null> {
  const sql = `select min(t) as t from (
    select min(started_at) as t from conversations union all select min(created_at) from messages
    union all select min(sent_at) from feedback union all select min(requested_at) from handoffs
    union all select min(opened_at) from tickets union all select min(created_at) from ticket_events
    union all select min(created_at) from kb_feedback) x`;
  const result = (await db.raw(sql)) as unknown;
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<{ t: unknown }>;
  return rows[0]?.t === null || rows[0]?.t === undefined ? null : Math.floor(toCount(rows[0].t) / DAY_MS);
}

/** Runs of days in `[from, to)` missing from `rolled`, each at most {@link DAYS_PER_TRANSACTION} long. */
function missingRuns(from: number, to: number, rolled: ReadonlySet<number>): DayRun[] {
  const runs: DayRun[] = [];
  for (let day = from; day < to; day++) {
    if (rolled.has(day)) continue;
    const last = runs[runs.length - 1];
    if (last && last.to === day && last.to - last.from < DAYS_PER_TRANSACTION) last.to = day + 1;
    else runs.push({ from: day, to: day + 1 });
  }
  return runs;
}

/**
 * Blocks writes to the source tables for the rest of `tx`, so the figures read and the day
 * markers written cannot miss a concurrent write (whose trigger would find no marker yet).
 * SQLite: the first write takes the database's write lock. PostgreSQL: SHARE locks, NOWAIT and
 * retried, so the rebuild never queues in front of the bot's writes or deadlocks with them.
 */
async function lockSources(tx: Knex, run: DayRun): Promise<void> {
  if (dialectOf(tx) === 'sqlite') {
    await tx('stats_rollup_days').where('day', '>=', run.from).andWhere('day', '<', run.to).delete();
    return;
  }
  await tx.raw(`lock table ${SOURCE_TABLES.join(', ')} in share mode nowait`);
}

/** True when the month starting on `month` has current month roll-ups (marker and every day). */
async function monthIsCurrent(tx: Knex, month: number): Promise<boolean> {
  const end = nextMonth(month);
  return (await readRolledMonths(tx, month, month + 1, await readRolledDays(tx, month, end))).has(month);
}

/**
 * After days of `month` were rewritten: rebuilds the month roll-ups when every day of the closed
 * month is current (else drops them), and the churn rows that read this month (its own, against
 * the previous month, and the next month's).
 */
async function refreshMonth(tx: Knex, month: number, today: number, now: number): Promise<void> {
  await deleteMonthRollups(tx, month);
  await deleteChurnRollups(tx, month);
  const end = nextMonth(month);
  if (end > today || !allIn(await readRolledDays(tx, month, end), { from: month, to: end })) return;
  await writeMonthRollups(tx, month, now);
  if (await monthIsCurrent(tx, nextMonth(month, -1))) await writeChurnRollups(tx, month);
  if (await monthIsCurrent(tx, end)) await writeChurnRollups(tx, end);
}

async function rebuildRun(db: Knex, run: DayRun, today: number, now: number): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await db.transaction(async (tx) => {
        await lockSources(tx, run);
        const figures = await rawDayFigures(tx, [{ from: run.from * DAY_MS, to: run.to * DAY_MS }], null);
        await writeDayRollups(tx, run, figures, now);
        for (let month = monthOf(run.from); month < run.to; month = nextMonth(month)) await refreshMonth(tx, month, today, now);
      });
      return;
    } catch (error) {
      const lockBusy = (error as { code?: string }).code === '55P03';
      if (!lockBusy || attempt >= LOCK_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS));
    }
  }
}

/**
 * Computes the roll-ups of every closed UTC day (before `now`'s day) that has none or whose
 * roll-ups a late write invalidated, from the month before the first data; with `all`, of every
 * closed day. Days are written in short transactions, each current when it commits, with the
 * month roll-ups and churn rows of the closed months they complete.
 */
export async function rebuildStatsRollups(db: Knex, now: number, options: RebuildOptions = {}): Promise<RebuildResult> {
  const today = Math.floor(now / DAY_MS);
  const firstData = await firstDataDay(db);
  if (firstData === null || firstData >= today) return { days: 0 };
  // From the month before the first data: churn compares each month with the previous one.
  const first = nextMonth(monthOf(firstData), -1);
  const rolled = options.all ? new Set<number>() : await readRolledDays(db, first, today);
  const runs = missingRuns(first, today, rolled);
  for (const run of runs) await rebuildRun(db, run, today, now);
  return { days: runs.reduce((n, r) => n + r.to - r.from, 0) };
}
