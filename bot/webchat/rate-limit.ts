import type { Knex } from 'knex';
import type { Request } from 'restify';
import { MINUTE_MS } from '../../common/time';
import { dialectOf } from '../../store/db';
import { countHit, deleteWindowsBefore, KEPT_WINDOWS } from '../../store/rate-limit-windows';
import { HttpError } from '../http-errors';

const WINDOW_MS = MINUTE_MS;

/** Result of {@link FixedWindowLimiter.take}. */
export interface RateDecision {
  allowed: boolean;
  /** Seconds until the current window ends (the `Retry-After` value when refused). */
  retryAfterS: number;
}

/** Where a limiter keeps its counts: hits of a key in a window (minutes since the epoch). */
export interface WindowCounter {
  /** Counts one hit of `key` in `window`; resolves with the hits so far in that window. */
  hit(key: string, window: number): Promise<number>;
}

/** Counts in this process's memory, holding only the current window's keys. */
export class MemoryWindowCounter implements WindowCounter {
  private window = -1;
  private counts = new Map<string, number>();

  async hit(key: string, window: number): Promise<number> {
    if (window !== this.window) {
      this.window = window;
      this.counts = new Map();
    }
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    return count;
  }
}

/**
 * Counts in the `rate_limit_windows` table, so every instance on one PostgreSQL database
 * shares the count; each key is prefixed with `name` so limits do not share budgets. Windows
 * older than the table keeps ({@link KEPT_WINDOWS}) are deleted when this instance first
 * counts in a new one.
 */
export class TableWindowCounter implements WindowCounter {
  private window = -1;

  constructor(
    private readonly db: Knex,
    private readonly name: string,
  ) {}

  async hit(key: string, window: number): Promise<number> {
    if (window !== this.window) {
      this.window = window;
      await deleteWindowsBefore(this.db, window - KEPT_WINDOWS);
    }
    return countHit(this.db, `${this.name}|${key}`, window);
  }
}

/**
 * A per-key fixed-window counter: at most `limitPerMin` requests per key and clock minute.
 * A limit of 0 turns it off (nothing is counted).
 *
 * Chosen over restify's throttle plugin because that one is a per-second token bucket and
 * answers 429 without `Retry-After`, which Web Chat reads; because the polling route must
 * degrade to an empty answer instead of an error (one failed poll stops the widget for good);
 * and because its counts live in one process, while instances behind a balancer must share them.
 */
export class FixedWindowLimiter {
  constructor(
    private readonly limitPerMin: number,
    private readonly counter: WindowCounter = new MemoryWindowCounter(),
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request of `key` and tells whether it is within the limit. */
  async take(key: string): Promise<RateDecision> {
    const now = this.now();
    const window = Math.floor(now / WINDOW_MS);
    const retryAfterS = Math.max(1, Math.ceil(((window + 1) * WINDOW_MS - now) / 1000));
    if (this.limitPerMin === 0) return { allowed: true, retryAfterS };
    const count = await this.counter.hit(key, window);
    return { allowed: count <= this.limitPerMin, retryAfterS };
  }

  /** Counts a request by client IP; throws a 429 {@link HttpError} with `Retry-After` past the limit. */
  check(req: Request): Promise<void> {
    return this.checkKey(clientIp(req), 'Too many requests: slow down and retry later');
  }

  /** Counts a request of `key`; throws a 429 {@link HttpError} with `Retry-After` and `message` past the limit. */
  async checkKey(key: string, message: string): Promise<void> {
    const decision = await this.take(key);
    if (!decision.allowed) throw new HttpError(429, message, { 'Retry-After': String(decision.retryAfterS) });
  }
}

/**
 * The limiter named `name` for `db`: counts shared through the database on PostgreSQL (many
 * instances), in process memory on SQLite (one process owns the file).
 */
export function sharedLimiter(db: Knex, name: string, limitPerMin: number): FixedWindowLimiter {
  const counter = dialectOf(db) === 'postgres' ? new TableWindowCounter(db, name) : new MemoryWindowCounter();
  return new FixedWindowLimiter(limitPerMin, counter);
}

/**
 * The client's IP: the socket's peer address. `X-Forwarded-For` is not trusted, since any
 * client can send it; behind a proxy, every client then shares the proxy's budget.
 */
export function clientIp(req: Request): string {
  return req.socket?.remoteAddress ?? 'unknown';
}
