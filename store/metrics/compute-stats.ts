import type { Knex } from 'knex';
import { DAY_MS } from '../../common/time';
import { conversationsByLanguage } from './by-language';
import { computeEstimates } from './csat';
import { rawDayFigures } from './rollups/raw-figures';
import { churnFromRollups } from './rollups/churn-rollups';
import { countCustomers } from './rollups/customer-presence';
import { readRolledDays, readRolledHours, readRolledMonths, readRollups } from './rollups/rollup-tables';
import { statsFromFigures } from './rollups/stats-from-figures';
import { monthOf, nextMonth, splitHours, splitWindow, wholeDays } from './rollups/window-split';
import { readSegments } from './segment-summary';
import type { Stats } from './stats-types';
import type { StatsWindow } from './stats-window';

/**
 * Every figure of `/admin/stats` for one window. Additive figures (counts, sums, duration
 * buckets) come from the month and day roll-ups for the whole months and days that have current
 * ones, from the hour roll-ups for the whole hours of the rest (the partial days at the edges,
 * today, days invalidated since) that have current ones, and from the source rows for what is
 * left (partial hours at the edges, the current hour, hours invalidated since). Not sums
 * over days: churn (whole months from the churn roll-ups, the rest from the customer presence
 * tables), distinct customers (from the presence tables), the model figures (raw over the window)
 * and the conversations per language (one indexed count over the window: conversations change
 * language after they started).
 */
export async function computeStats(db: Knex, window: StatsWindow): Promise<Stats> {
  const whole = wholeDays(window.from, window.to);
  // From the month before the window's first month: churn reads it.
  const first = nextMonth(monthOf(Math.floor(window.from / DAY_MS)), -1);
  const rolledDays = await readRolledDays(db, first, whole.to);
  const rolledMonths = await readRolledMonths(db, first, whole.to, rolledDays);
  const byDays = splitWindow(window.from, window.to, rolledDays, rolledMonths);
  const split = splitHours(byDays, await readRolledHours(db, byDays.raw));
  const [rolled, raw, customers, estimates, churn, segments, byLanguage] = await Promise.all([
    readRollups(db, split, window.channel),
    rawDayFigures(db, split.raw, window.channel),
    countCustomers(db, window),
    computeEstimates(db, window),
    churnFromRollups(db, window, rolledMonths),
    readSegments(db),
    conversationsByLanguage(db, window),
  ]);
  const figures = {
    daily: [...rolled.daily, ...raw.daily],
    intents: [...rolled.intents, ...raw.intents],
    durations: [...rolled.durations, ...raw.durations],
  };
  return { ...statsFromFigures(window, figures, { customers, estimates, churn, segments }), byLanguage };
}
