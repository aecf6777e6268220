import { DAY_MS, MINUTE_MS } from '../../common/time';
import type { Messages } from '../../dialogs/messages';

/** One opening interval on a weekday, in minutes after the shop's local midnight (`end` ≤ 1440). */
export interface OpeningInterval {
  /** 0 = Sunday … 6 = Saturday, as `Date#getDay`. */
  day: number;
  start: number;
  end: number;
}

/** When the support team works: weekly intervals in the shop's time zone; `always` when unset. */
export interface BusinessHours {
  readonly always: boolean;
  readonly timeZone: string;
  readonly intervals: readonly OpeningInterval[];
}

/** Thrown for a `BUSINESS_HOURS` or `BUSINESS_TZ` that cannot be read; the message says what is wrong. */
export class BusinessHoursError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BusinessHoursError';
  }
}

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const TIME = /^([01]\d|2[0-4]):([0-5]\d)$/;

/** Checks an IANA time zone name (`Europe/London`); throws {@link BusinessHoursError} for an unknown one. */
export function checkTimeZone(timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
  } catch {
    throw new BusinessHoursError(`unknown time zone "${timeZone}" (use an IANA name such as Europe/London)`);
  }
}

/**
 * Reads `BUSINESS_HOURS` such as `Mon-Fri 08:00-20:00; Sat 09:00-17:00`: `;`-separated rules,
 * each days (`Mon`, `Mon-Fri`, `Mon,Wed`) and one or more `HH:MM-HH:MM` ranges separated by
 * commas (`Mon-Fri 08:00-12:00, 13:00-17:00`). Ranges end on the day they start (up to `24:00`).
 * Undefined means always open. Throws {@link BusinessHoursError} naming the bad part.
 */
export function parseBusinessHours(spec: string | undefined, timeZone = 'UTC'): BusinessHours {
  const zone = checkTimeZone(timeZone);
  if (spec === undefined) return Object.freeze({ always: true, timeZone: zone, intervals: [] });
  const intervals: OpeningInterval[] = [];
  for (const rule of spec
    .split(';')
    .map((r) => r.trim())
    .filter(Boolean)) {
    const match = /^([A-Za-z,\s-]+?)\s+(\d.*)$/.exec(rule);
    if (!match) throw new BusinessHoursError(`"${rule}" must be days and hours, e.g. "Mon-Fri 08:00-20:00"`);
    const days = parseDays(match[1], rule);
    for (const range of match[2].split(',').map((r) => r.trim())) {
      const [start, end] = parseRange(range, rule);
      for (const day of days) intervals.push({ day, start, end });
    }
  }
  if (intervals.length === 0) throw new BusinessHoursError('has no opening hours (leave it unset to be always open)');
  intervals.sort((a, b) => a.day - b.day || a.start - b.start);
  return Object.freeze({ always: false, timeZone: zone, intervals: Object.freeze(intervals) });
}

function parseDays(text: string, rule: string): number[] {
  const days = new Set<number>();
  for (const part of text.split(',').map((p) => p.trim().toLowerCase())) {
    const [from, to] = part.split('-').map((d) => DAYS.indexOf(d.trim().slice(0, 3)));
    const valid = (d: number | undefined) => d !== undefined && d >= 0;
    if (!valid(from) || (part.includes('-') && !valid(to)) || !/^[a-z]{3,9}(\s*-\s*[a-z]{3,9})?$/.test(part)) {
      throw new BusinessHoursError(`"${rule}": "${part}" is not a weekday or a range of weekdays (Mon, Mon-Fri)`);
    }
    const last = part.includes('-') ? to : from;
    // "Fri-Mon" wraps over the weekend.
    for (let d = from; ; d = (d + 1) % 7) {
      days.add(d);
      if (d === last) break;
    }
  }
  return [...days];
}

function parseRange(range: string, rule: string): [number, number] {
  const [from, to, extra] = range.split('-').map((t) => t.trim());
  const minutes = (t: string | undefined) => {
    const m = t === undefined ? null : TIME.exec(t);
    return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
  };
  const start = minutes(from);
  const end = minutes(to);
  if (extra !== undefined || start === undefined || end === undefined || end > 24 * 60) {
    throw new BusinessHoursError(`"${rule}": "${range}" must be HH:MM-HH:MM (24-hour clock, up to 24:00)`);
  }
  if (end <= start) throw new BusinessHoursError(`"${rule}": "${range}" must end after it starts (on the same day)`);
  return [start, end];
}

/** The shop's local weekday, date and minute of the day at `instant`. */
interface LocalTime {
  day: number;
  minute: number;
  /** The local calendar date as a UTC midnight (for day arithmetic). */
  date: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function localTime(instant: number, timeZone: string): LocalTime {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, p.value]));
  const date = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day));
  return { day: new Date(date).getUTCDay(), minute: Number(parts.hour) * 60 + Number(parts.minute), date };
}

/** The instant at which the wall clock of `timeZone` shows `minute` on the local `date` (a UTC midnight). */
function instantOf(date: number, minute: number, timeZone: string): number {
  const wall = date + minute * MINUTE_MS;
  // Two corrections settle the zone's offset, also across a DST change on that day.
  let guess = wall;
  for (let i = 0; i < 2; i++) {
    const seen = localTime(guess, timeZone);
    guess += wall - (seen.date + seen.minute * MINUTE_MS);
  }
  return guess;
}

/** True when the team works at `instant`. */
export function isOpen(hours: BusinessHours, instant: number): boolean {
  if (hours.always) return true;
  const local = localTime(instant, hours.timeZone);
  return hours.intervals.some((i) => i.day === local.day && local.minute >= i.start && local.minute < i.end);
}

/** The next instant at or after `instant` when the team works (`instant` itself when open). */
export function nextOpening(hours: BusinessHours, instant: number): number {
  if (isOpen(hours, instant)) return instant;
  const local = localTime(instant, hours.timeZone);
  for (let ahead = 0; ahead <= 7; ahead++) {
    const date = local.date + ahead * DAY_MS;
    const day = (local.day + ahead) % 7;
    for (const interval of hours.intervals) {
      if (interval.day !== day || (ahead === 0 && interval.start <= local.minute)) continue;
      return instantOf(date, interval.start, hours.timeZone);
    }
  }
  // Unreachable: a parsed schedule opens at least once a week.
  return instant;
}

/**
 * "Monday 30 November at 08:00 (Europe/London time)": when the team is back, on the shop's
 * clock, in the customer's language.
 */
export function describeOpening(hours: BusinessHours, instant: number, messages: Messages): string {
  const locale = messages.text('format.locale');
  const day = new Intl.DateTimeFormat(locale, { timeZone: hours.timeZone, weekday: 'long', day: 'numeric', month: 'long' }).format(instant);
  const time = new Intl.DateTimeFormat(locale, { timeZone: hours.timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    instant,
  );
  return messages.text('handoff.opening', { day, time, zone: hours.timeZone });
}
