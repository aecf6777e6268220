import type { Knex } from 'knex';
import type { StatsWindow } from '../stats-window';
import type { DailyFigures } from './day-figures';
import { rawDayFigures } from './raw-figures';
import { readRolledDays, readRolledHours, readRollupsByDay, type DayDurationTotal, type DayFiguresWanted } from './rollup-tables';
import { splitHours, splitWindow, wholeDays } from './window-split';

/** The additive figures of a window per UTC day: daily counts and each duration figure's count and sum. */
export interface FiguresByDay {
  daily: DailyFigures[];
  durations: DayDurationTotal[];
}

/**
 * The additive figures of the window per UTC day (one channel or all) that `want` names, for the
 * timeseries: whole
 * days from the day roll-ups, marked whole hours of the rest from the hour roll-ups, and the rest
 * (partial hours at the edges, the current hour, periods invalidated since) from the source rows.
 * A day may have several rows (one per part and channel): callers add them up.
 */
export async function figuresByDay(db: Knex, window: StatsWindow, want: DayFiguresWanted): Promise<FiguresByDay> {
  const whole = wholeDays(window.from, window.to);
  const byDays = splitWindow(window.from, window.to, await readRolledDays(db, whole.from, whole.to), new Set());
  const split = splitHours(byDays, await readRolledHours(db, byDays.raw));
  const [rolled, raw] = await Promise.all([
    readRollupsByDay(db, split, window.channel, want),
    rawDayFigures(db, split.raw, window.channel),
  ]);
  return {
    daily: [...rolled.daily, ...raw.daily],
    durations: [
      ...rolled.durations,
      ...raw.durations
        .filter((d) => want.durations !== null && d.metric.startsWith(want.durations))
        .map(({ day, metric, n, total }) => ({ day, metric, n, total })),
    ],
  };
}
