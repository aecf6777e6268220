import type { Knex } from 'knex';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../common/time';
import { endIdleConversations } from '../store/conversations';
import { rebuildStatsRollups } from '../store/metrics/rollups/rebuild-rollups';
import { purgeOldCustomerText } from '../store/retention';
import type { Config } from './config';
import type { EmailSender } from './handoff/email-sender';
import type { TicketLifecycle } from './handoff/ticket-lifecycle';
import type { KnowledgeBase } from './knowledge-base';
import type { Logger } from './logger';
import type { ModelRefresher } from './metrics/model-refresher';
import type { Retrainer } from './nlu-models/retrainer';
import { scheduleRecurring, type RecurringJob } from './recurring-jobs';
import { Scheduler, type TimerHandler } from './scheduler';

/** Timer kind of the nightly refit of the satisfaction model and the segments. */
export const NIGHTLY_REFIT_TIMER = 'metrics-refit';
const IDLE_SWEEP_TIMER = 'idle-sweep';
const RETENTION_PURGE_TIMER = 'retention-purge';
/** Timer kind of the hourly roll-up of the stats of closed (or since invalidated) UTC days. */
export const STATS_ROLLUP_TIMER = 'stats-rollups';
/** Timer kind of the hourly close of tickets resolved longer than `TICKET_AUTOCLOSE_DAYS` ago. */
export const TICKET_AUTOCLOSE_TIMER = 'ticket-autoclose';
/** How often each instance checks whether the stored KB articles changed. */
const KB_REFRESH_MS = 10_000;
/** How often each instance looks for due mails in the outbox (a new mail also wakes it up). */
const EMAIL_POLL_MS = 15_000;

/** Dependencies of {@link startBackgroundJobs}. */
export interface BackgroundJobsDeps {
  db: Knex;
  config: Config;
  logger: Logger;
  knowledgeBase: Pick<KnowledgeBase, 'refreshIfChanged'>;
  refresher: Pick<ModelRefresher, 'refresh' | 'idle'>;
  tickets: Pick<TicketLifecycle, 'autoclose'>;
  /** Starts the intent-model retrain an erasure or purge marked due. */
  retrainer: Pick<Retrainer, 'startIfDue'>;
  /** Sends the email outbox (only when `SMTP_URL` is set). */
  emailSender?: Pick<EmailSender, 'sendDue' | 'idle'>;
  /** Handlers of the one-off timers other parts schedule (e.g. the handoff timeout), by timer kind. */
  timerHandlers: Record<string, TimerHandler>;
}

/** The running background jobs of an app. */
export interface BackgroundJobs {
  /** The durable timers' scheduler (tests fire due timers with its `tick`). */
  readonly scheduler: Scheduler;
  /** Stops every job and waits for work in progress, a model refit included. */
  stop(): Promise<void>;
}

/**
 * Starts everything the app runs without a request, in one place so that `close()` can stop it
 * all: the durable timers (handler kinds given, idle-conversation ends every minute, the hourly
 * ticket autoclose, the hourly stats roll-ups, the nightly model refit, the daily retention purge when `RETENTION_DAYS` is set), a model refit now, and
 * this instance's KB refresh and due-retrain check. Recurring jobs are durable timers, so exactly one instance runs each
 * occurrence and the schedule survives restarts; the KB refresh is a plain interval because every
 * instance keeps its own index.
 */
export async function startBackgroundJobs(deps: BackgroundJobsDeps): Promise<BackgroundJobs> {
  const { db, logger, knowledgeBase, refresher } = deps;
  const scheduler = new Scheduler(db, logger);
  for (const [kind, handler] of Object.entries(deps.timerHandlers)) scheduler.on(kind, handler);
  for (const job of recurringJobs(deps)) await scheduleRecurring(scheduler, db, job);
  scheduler.start();
  refresher.refresh().then(
    (result) => logger.info({ why: 'start', mae: result.satisfaction?.mae, segments: result.segments?.k }, 'metric models refitted'),
    (error: unknown) => logger.warn({ err: error, why: 'start' }, 'metric models refit failed'),
  );
  // Every instance keeps its own KB index: pick up edits made through another instance.
  const kbRefresh = setInterval(() => {
    knowledgeBase.refreshIfChanged().catch((error: unknown) => logger.warn({ err: error }, 'kb: refresh check failed'));
  }, KB_REFRESH_MS);
  kbRefresh.unref();
  // Every instance sends: each mail's lease gives it to one sender (store/email-outbox.ts).
  const { emailSender } = deps;
  const emailPoll = emailSender
    ? setInterval(() => {
        emailSender.sendDue().catch((error: unknown) => logger.warn({ err: error }, 'email: could not send the outbox'));
      }, EMAIL_POLL_MS)
    : undefined;
  emailPoll?.unref();
  // Every instance checks; the mark goes to one (store/nlu-models.ts).
  const { retrainer } = deps;
  const retrainCheck = setInterval(() => {
    retrainer.startIfDue().catch((error: unknown) => logger.warn({ err: error }, 'nlu: could not start the due retrain'));
  }, deps.config.nluLearning.pollMs);
  retrainCheck.unref();
  return {
    scheduler,
    async stop() {
      clearInterval(kbRefresh);
      clearInterval(emailPoll);
      clearInterval(retrainCheck);
      await scheduler.stop();
      await emailSender?.idle();
      // A refit may still be reading: let it finish before the database pool goes.
      await refresher.idle();
    },
  };
}

function recurringJobs({ db, config, refresher, tickets }: BackgroundJobsDeps): RecurringJob[] {
  const jobs: RecurringJob[] = [
    { kind: IDLE_SWEEP_TIMER, next: (now) => now + MINUTE_MS, run: (now) => endIdleConversations(db, now, config.conversationIdleMs) },
    { kind: TICKET_AUTOCLOSE_TIMER, next: (now) => now + HOUR_MS, run: (now) => tickets.autoclose(now) },
    { kind: NIGHTLY_REFIT_TIMER, next: nextNightlyRun, run: () => refresher.refresh() },
    // Soon after start (a new install or upgrade has no roll-ups), then hourly: a day closes at
    // midnight UTC, and a late write to a closed day leaves it raw until the next run.
    { kind: STATS_ROLLUP_TIMER, first: (now) => now + MINUTE_MS, next: (now) => now + HOUR_MS, run: (now) => rebuildStatsRollups(db, now) },
  ];
  if (config.retentionDays > 0) {
    jobs.push({
      kind: RETENTION_PURGE_TIMER,
      first: (now) => now + MINUTE_MS,
      next: (now) => now + DAY_MS,
      run: (now) => purgeOldCustomerText(db, config.retentionDays, now),
    });
  }
  return jobs;
}

/** The next 03:00 UTC after `now`: when the nightly refit runs, off the busy hours. */
function nextNightlyRun(now: number): number {
  const d = new Date(now);
  const today = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 3);
  return today > now ? today : today + DAY_MS;
}
