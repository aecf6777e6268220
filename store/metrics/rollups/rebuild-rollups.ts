import type { Knex } from 'knex';
import { DAY_MS, HOUR_MS } from '../../../common/time';
import { dialectOf } from '../../db';
import { toCount } from '../stats-window';
import { rebuildCustomerPresence } from './customer-presence';
import { hoursToDays } from './day-figures';
import { rawDayFigures } from './raw-figures';
import { deleteChurnRollups, writeChurnRollups } from './churn-rollups';
import {
  deleteMonthRollups,
  readRolledDays,
  readRolledHours,
  readRolledMonths,
  writeMonthRollups,
  writePeriodRollups,
} from './rollup-tables';
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
  /**
   * Recompute every closed day and hour, current or not, and the customer presence tables
   * (`support-bot stats rebuild`).
   */
  all?: boolean;
}

/** What a rebuild did. */
export interface RebuildResult {
  /** Closed days (re)computed, each with its hours. */
  days: number;
  /** Closed hours of the current day (re)computed. */
  hours: number;
}

const HOURS_PER_DAY = DAY_MS / HOUR_MS;

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

/** Runs of periods (days or hours) in `[from, to)` missing from `rolled`, each at most `longest` long. */
function missingRuns(from: number, to: number, rolled: ReadonlySet<number>, longest: number): DayRun[] {
  const runs: DayRun[] = [];
  for (let period = from; period < to; period++) {
    if (rolled.has(period)) continue;
    const last = runs[runs.length - 1];
    if (last && last.to === period && last.to - last.from < longest) last.to = period + 1;
    else runs.push({ from: period, to: period + 1 });
  }
  return runs;
}

/** The days in `[from, to)` whose day roll-ups and the roll-ups of each of their hours are current. */
async function completeDays(db: Knex, from: number, to: number): Promise<Set<number>> {
  const days = await readRolledDays(db, from, to);
  const hours = await readRolledHours(db, [{ from: from * DAY_MS, to: to * DAY_MS }]);
  return new Set([...days].filter((day) => allIn(hours, { from: day * HOURS_PER_DAY, to: (day + 1) * HOURS_PER_DAY })));
}

/**
 * Blocks writes to the source tables for the rest of `tx`, so the figures read and the day
 * markers written cannot miss a concurrent write (whose trigger would find no marker yet).
 * SQLite: the first write takes the database's write lock. PostgreSQL: SHARE locks, NOWAIT and
 * retried, so the rebuild never queues in front of the bot's writes or deadlocks with them.
 */
async function lockSources(tx: Knex, hours: DayRun): Promise<void> {
  if (dialectOf(tx) === 'sqlite') {
    await tx('stats_rollup_hours').where('hour', '>=', hours.from).andWhere('hour', '<', hours.to).delete();
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

/** Runs `work` in a transaction that first locks the source tables, retried while PostgreSQL writers hold them. */
async function withSourcesLocked(db: Knex, hours: DayRun, work: (tx: Knex) => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await db.transaction(async (tx) => {
        await lockSources(tx, hours);
        await work(tx);
      });
      return;
    } catch (error) {
      const lockBusy = (error as { code?: string }).code === '55P03';
      if (!lockBusy || attempt >= LOCK_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS));
    }
  }
}

/** Recomputes the days of `run`: their hour roll-ups, their day roll-ups, and the months they complete. */
async function rebuildDays(db: Knex, run: DayRun, today: number, now: number): Promise<void> {
  const hours = { from: run.from * HOURS_PER_DAY, to: run.to * HOURS_PER_DAY };
  await withSourcesLocked(db, hours, async (tx) => {
    const hourly = await rawDayFigures(tx, [{ from: run.from * DAY_MS, to: run.to * DAY_MS }], null, HOUR_MS);
    await writePeriodRollups(tx, 'hour', hours, hourly, now);
    await writePeriodRollups(tx, 'day', run, hoursToDays(hourly), now);
    for (let month = monthOf(run.from); month < run.to; month = nextMonth(month)) await refreshMonth(tx, month, today, now);
  });
}

/** Recomputes the hour roll-ups of `run` (closed hours of the current day). */
async function rebuildHours(db: Knex, run: DayRun, now: number): Promise<void> {
  await withSourcesLocked(db, run, async (tx) => {
    const hourly = await rawDayFigures(tx, [{ from: run.from * HOUR_MS, to: run.to * HOUR_MS }], null, HOUR_MS);
    await writePeriodRollups(tx, 'hour', run, hourly, now);
  });
}

/**
 * Computes the roll-ups of every closed UTC day (before `now`'s day) that has none or whose
 * roll-ups a late write invalidated, from the month before the first data, and of every closed
 * hour of the current day likewise; with `all`, of every closed day and hour, and the customer
 * presence tables (which triggers otherwise keep current). Days are written
 * in short transactions, each current when it commits, with their hours and the month roll-ups
 * and churn rows of the closed months they complete.
 */
export async function rebuildStatsRollups(db: Knex, now: number, options: RebuildOptions = {}): Promise<RebuildResult> {
  const today = Math.floor(now / DAY_MS);
  if (options.all) {
    await db.transaction(async (tx) => {
      // New conversations wait (their triggers would race the refill); SQLite has one writer anyway.
      if (dialectOf(tx) === 'postgres') await tx.raw('lock table conversations in share mode');
      await rebuildCustomerPresence(tx);
    });
  }
  const firstData = await firstDataDay(db);
  if (firstData === null || firstData > today) return { days: 0, hours: 0 };
  // From the month before the first data: churn compares each month with the previous one.
  const first = nextMonth(monthOf(firstData), -1);
  const rolledDays = options.all ? new Set<number>() : await completeDays(db, first, today);
  const dayRuns = missingRuns(first, today, rolledDays, DAYS_PER_TRANSACTION);
  for (const run of dayRuns) await rebuildDays(db, run, today, now);
  const todayHours = { from: today * HOURS_PER_DAY, to: Math.floor(now / HOUR_MS) };
  const rolledHours = options.all ? new Set<number>() : await readRolledHours(db, [{ from: today * DAY_MS, to: now }]);
  const hourRuns = missingRuns(todayHours.from, todayHours.to, rolledHours, HOURS_PER_DAY);
  for (const run of hourRuns) await rebuildHours(db, run, now);
  const count = (runs: DayRun[]) => runs.reduce((n, r) => n + r.to - r.from, 0);
  return { days: count(dayRuns), hours: count(hourRuns) };
}
