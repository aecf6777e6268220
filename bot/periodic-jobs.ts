import type { Knex } from 'knex';
import { endIdleConversations } from '../store/conversations';
import { purgeOldMessageText } from '../store/privacy';
import { scheduleTimer } from '../store/timers';
import type { Config } from './config';
import type { Scheduler } from './scheduler';

const IDLE_SWEEP = 'idle-sweep';
const SWEEP_EVERY_MS = 60_000;
const RETENTION_PURGE = 'retention-purge';
const DAY_MS = 86_400_000;

/**
 * Recurring jobs as self-rescheduling timers in the database, so exactly one instance runs
 * each and they survive restarts: closing idle conversations every minute, and purging
 * message text past `RETENTION_DAYS` daily.
 */
export async function registerPeriodicJobs(scheduler: Scheduler, db: Knex, config: Config): Promise<void> {
  await recurring(scheduler, db, IDLE_SWEEP, SWEEP_EVERY_MS, (now) => endIdleConversations(db, now, config.conversationIdleMs));
  if (config.retentionDays > 0) {
    await recurring(scheduler, db, RETENTION_PURGE, DAY_MS, (now) => purgeOldMessageText(db, config.retentionDays, now));
  }
}

/** Registers `job` every `everyMs`, scheduling its first run unless a timer already exists. */
export async function recurring(
  scheduler: Scheduler,
  db: Knex,
  kind: string,
  everyMs: number,
  job: (now: number) => Promise<unknown>,
): Promise<void> {
  scheduler.on(kind, async () => {
    const now = Date.now();
    await job(now);
    await scheduleTimer(db, { kind, key: 'all', dueAt: now + everyMs });
  });
  const existing = await db('timers').where({ kind, key: 'all' }).first('id');
  if (!existing) await scheduleTimer(db, { kind, key: 'all', dueAt: Date.now() + Math.min(everyMs, SWEEP_EVERY_MS) });
}
