import type { Knex } from 'knex';
import { ensureTimer, scheduleTimer } from '../store/timers';
import type { Scheduler } from './scheduler';

/** A job that runs again and again on one durable timer of its own. */
export interface RecurringJob {
  /** Timer kind; the job's single timer row is `kind`/{@link RECURRING_KEY}. */
  kind: string;
  /** When the job runs again after a run that started at `now`. */
  next(now: number): number;
  /** When the job first runs on a database that has no timer for it yet (default: `next(now)`). */
  first?(now: number): number;
  /** The work; a throw leaves the timer to be retried after its lease. */
  run(now: number): Promise<unknown>;
}

/** Key of the one timer row of each recurring job. */
export const RECURRING_KEY = 'all';

/**
 * Runs `job` on the durable timers of `scheduler`: its handler runs the job and moves the timer
 * to the next run, so exactly one instance runs each occurrence and the schedule survives
 * restarts. Creates the first timer unless one exists already.
 */
export async function scheduleRecurring(scheduler: Scheduler, db: Knex, job: RecurringJob): Promise<void> {
  scheduler.on(job.kind, async () => {
    const now = Date.now();
    await job.run(now);
    await scheduleTimer(db, { kind: job.kind, key: RECURRING_KEY, dueAt: job.next(now) });
  });
  const now = Date.now();
  await ensureTimer(db, { kind: job.kind, key: RECURRING_KEY, dueAt: job.first ? job.first(now) : job.next(now) });
}
