import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { MINUTE_MS } from '../common/time';
import { claimDueTimers, completeTimer, type TimerRow } from '../store/timers';
import type { Logger } from './logger';

/** Runs when a timer of its kind is due; a throw leaves the timer for a retry after the lease. */
export type TimerHandler = (key: string, payload: unknown) => Promise<void>;

/**
 * Fires durable timers from the `timers` table. Every instance polls; leases make each timer
 * fire on one instance, and timers survive restarts because they live in the database.
 */
export class Scheduler {
  private readonly handlers = new Map<string, TimerHandler>();
  private readonly owner = randomUUID();
  private interval?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly db: Knex,
    private readonly logger: Logger,
    private readonly pollMs = 1000,
    private readonly leaseMs = MINUTE_MS,
  ) {}

  /** Registers the handler of a timer kind. */
  on(kind: string, handler: TimerHandler): void {
    this.handlers.set(kind, handler);
  }

  /** Starts polling. */
  start(): void {
    this.interval ??= setInterval(() => void this.tick(), this.pollMs);
    this.interval.unref();
  }

  /** Stops polling and waits for a running tick. */
  async stop(): Promise<void> {
    clearInterval(this.interval);
    this.interval = undefined;
    await this.running;
  }

  /** Fires every due timer once (also called directly by tests). */
  async tick(now = Date.now()): Promise<void> {
    if (this.running) return this.running;
    this.running = this.fireDue(now).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async fireDue(now: number): Promise<void> {
    let due: TimerRow[];
    try {
      due = await claimDueTimers(this.db, this.owner, now, this.leaseMs);
    } catch (error) {
      this.logger.warn({ err: error }, 'scheduler: could not claim timers');
      return;
    }
    for (const timer of due) {
      const handler = this.handlers.get(timer.kind);
      if (!handler) continue;
      try {
        await handler(timer.key, timer.payload === null ? undefined : JSON.parse(timer.payload));
        await completeTimer(this.db, timer, this.owner);
      } catch (error) {
        this.logger.error({ err: error, kind: timer.kind, key: timer.key }, 'scheduler: timer failed');
      }
    }
  }
}
