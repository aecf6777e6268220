import { DAY_MS, HOUR_MS } from '../../../common/time';
import type { TimeRange } from './raw-figures';

/** Consecutive UTC days `[from, to)` (days since 1970-01-01), or hours (hours since then) where named so. */
export interface DayRun {
  from: number;
  to: number;
}

/** How a window is read: whole months and days from the roll-ups, everything else from raw rows. */
export interface WindowSplit {
  /** First days of the calendar months read from the month roll-ups. */
  months: number[];
  /** Runs of days read from the day roll-ups. */
  days: DayRun[];
  /** Runs of hours read from the hour roll-ups (filled by {@link splitHours}). */
  hours: DayRun[];
  /** Ranges read from the source tables. */
  raw: TimeRange[];
}

/** The whole UTC days inside `[from, to)` as `[first, end)` day numbers (empty when first ≥ end). */
export function wholeDays(from: number, to: number): DayRun {
  return { from: Math.ceil(from / DAY_MS), to: Math.floor(to / DAY_MS) };
}

/** The first day of the calendar month holding `day`. */
export function monthOf(day: number): number {
  const d = new Date(day * DAY_MS);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / DAY_MS;
}

/** The first day of the calendar month after the one starting on `month` (`months` later). */
export function nextMonth(month: number, months = 1): number {
  const d = new Date(month * DAY_MS);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1) / DAY_MS;
}

/** True when every day of `[run.from, run.to)` is in `days`. */
export function allIn(days: ReadonlySet<number>, run: DayRun): boolean {
  for (let day = run.from; day < run.to; day++) if (!days.has(day)) return false;
  return true;
}

function appendDay(runs: DayRun[], day: number): void {
  const last = runs[runs.length - 1];
  if (last && last.to === day) last.to = day + 1;
  else runs.push({ from: day, to: day + 1 });
}

/**
 * Splits the window `[from, to)`: whole calendar months in `rolledMonths` come from the month
 * roll-ups, other whole days in `rolledDays` from the day roll-ups; the rest (the partial days
 * at the edges, today, days not rolled up yet or invalidated by a late write) is one list of
 * merged raw time ranges.
 */
export function splitWindow(from: number, to: number, rolledDays: ReadonlySet<number>, rolledMonths: ReadonlySet<number>): WindowSplit {
  const whole = wholeDays(from, to);
  const months: number[] = [];
  const covered: DayRun[] = [];
  const days: DayRun[] = [];
  for (let day = whole.from; day < whole.to; day++) {
    const end = nextMonth(day);
    if (rolledMonths.has(day) && end <= whole.to) {
      months.push(day);
      for (; day < end; day++) appendDay(covered, day);
      day--;
    } else if (rolledDays.has(day)) {
      appendDay(days, day);
      appendDay(covered, day);
    }
  }
  const raw: TimeRange[] = [];
  let cursor = from;
  for (const run of covered) {
    if (run.from * DAY_MS > cursor) raw.push({ from: cursor, to: run.from * DAY_MS });
    cursor = run.to * DAY_MS;
  }
  if (cursor < to) raw.push({ from: cursor, to });
  return { months, days, hours: [], raw };
}

/** The runs of whole UTC hours inside `ranges` (hour numbers). */
export function wholeHours(ranges: readonly TimeRange[]): DayRun[] {
  return ranges.map((r) => ({ from: Math.ceil(r.from / HOUR_MS), to: Math.floor(r.to / HOUR_MS) })).filter((r) => r.from < r.to);
}

/**
 * Moves the whole hours of `split.raw` that are in `rolledHours` to `split.hours`: what is left
 * raw is the partial hours at the edges, the current hour and hours a late write invalidated.
 */
export function splitHours(split: WindowSplit, rolledHours: ReadonlySet<number>): WindowSplit {
  const hours: DayRun[] = [];
  const raw: TimeRange[] = [];
  for (const range of split.raw) {
    let cursor = range.from;
    for (const run of wholeHours([range])) {
      for (let hour = run.from; hour < run.to; hour++) {
        if (!rolledHours.has(hour)) continue;
        if (hour * HOUR_MS > cursor) raw.push({ from: cursor, to: hour * HOUR_MS });
        appendDay(hours, hour);
        cursor = (hour + 1) * HOUR_MS;
      }
    }
    if (cursor < range.to) raw.push({ from: cursor, to: range.to });
  }
  return { ...split, hours, raw };
}
