/**
 * Durations in milliseconds. `lib/` imports nothing of the project, so every layer
 * (`nlu/`, `kb/`, `store/`, `bot/`, `dialogs/`) may use it.
 */

/** One second in milliseconds. */
export const SECOND_MS = 1000;

/** One minute in milliseconds. */
export const MINUTE_MS = 60 * SECOND_MS;

/** One hour in milliseconds. */
export const HOUR_MS = 60 * MINUTE_MS;

/** One day (24 hours, as UTC days are) in milliseconds. */
export const DAY_MS = 24 * HOUR_MS;
