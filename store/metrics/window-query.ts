import { z } from 'zod';
import { DAY_MS } from '../../common/time';
import type { StatsWindow } from './stats-window';

/** The window used when `from` and `to` are both absent: the last 30 days. */
export const DEFAULT_WINDOW_DAYS = 30;
/** Longest window accepted (five years), so one request cannot ask for centuries of months. */
export const MAX_WINDOW_DAYS = 1830;

/** First instant a window may name: 1970-01-01T00:00Z. */
const EARLIEST_INSTANT = 0;
/** First instant after the last a window may name: 10000-01-01T00:00Z. */
const END_OF_LATEST_YEAR = Date.UTC(10_000, 0, 1);

export const instantSchema = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })], {
    error: 'must be a date YYYY-MM-DD or an ISO datetime with Z or an offset',
  })
  .transform((v) => (v.length === 10 ? Date.parse(`${v}T00:00:00Z`) : Date.parse(v)))
  // Calendar code downstream uses Date.UTC, which reads years 0–99 as 1900–1999.
  .refine((ms) => ms >= EARLIEST_INSTANT && ms < END_OF_LATEST_YEAR, 'must be in the years 1970 to 9999 (UTC)');

/** Query parameters shared by the stats routes: `from` (inclusive), `to` (exclusive), `channel`. */
export const windowQuerySchema = z.object({
  from: instantSchema.optional(),
  to: instantSchema.optional(),
  channel: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be a channel id such as webchat, msteams or directline')
    .optional(),
});

/** The raw query of a stats route. */
export type WindowQuery = z.input<typeof windowQuerySchema>;

/**
 * Validates a stats query into a UTC window: dates are UTC midnights; a missing `to` is now,
 * a missing `from` is 30 days before `to`. Throws a ZodError naming the bad parameter.
 */
export function parseWindowQuery(query: unknown, now = Date.now()): StatsWindow {
  const q = windowQuerySchema.parse(query ?? {});
  const to = q.to ?? now;
  const from = q.from ?? to - DEFAULT_WINDOW_DAYS * DAY_MS;
  const check = z
    .object({
      to: z
        .number()
        .refine((t) => t > from, 'must be after from')
        .refine((t) => t - from <= MAX_WINDOW_DAYS * DAY_MS, `the window may span at most ${MAX_WINDOW_DAYS} days`),
    })
    .parse({ to });
  return { from, to: check.to, channel: q.channel ?? null };
}
