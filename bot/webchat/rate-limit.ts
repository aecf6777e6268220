import type { Request } from 'restify';
import { MINUTE_MS } from '../../common/time';
import { HttpError } from '../http-errors';

const WINDOW_MS = MINUTE_MS;

/** Result of {@link FixedWindowLimiter.take}. */
export interface RateDecision {
  allowed: boolean;
  /** Seconds until the current window ends (the `Retry-After` value when refused). */
  retryAfterS: number;
}

/**
 * A per-key fixed-window counter: at most `limitPerMin` requests per key and clock minute.
 * Memory holds only the keys of the current minute. A limit of 0 turns it off.
 *
 * Chosen over restify's throttle plugin because that one is a per-second token bucket and
 * answers 429 without `Retry-After`, which Web Chat reads; and because the polling route must
 * degrade to an empty answer instead of an error (one failed poll stops the widget for good).
 */
export class FixedWindowLimiter {
  private window = -1;
  private counts = new Map<string, number>();

  constructor(
    private readonly limitPerMin: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request of `key` and tells whether it is within the limit. */
  take(key: string): RateDecision {
    const now = this.now();
    const window = Math.floor(now / WINDOW_MS);
    if (window !== this.window) {
      this.window = window;
      this.counts = new Map();
    }
    const retryAfterS = Math.max(1, Math.ceil(((window + 1) * WINDOW_MS - now) / 1000));
    if (this.limitPerMin === 0) return { allowed: true, retryAfterS };
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    return { allowed: count <= this.limitPerMin, retryAfterS };
  }

  /** Counts a request by client IP; throws a 429 {@link HttpError} with `Retry-After` past the limit. */
  check(req: Request): void {
    this.checkKey(clientIp(req), 'Too many requests: slow down and retry later');
  }

  /** Counts a request of `key`; throws a 429 {@link HttpError} with `Retry-After` and `message` past the limit. */
  checkKey(key: string, message: string): void {
    const decision = this.take(key);
    if (!decision.allowed) throw new HttpError(429, message, { 'Retry-After': String(decision.retryAfterS) });
  }
}

/**
 * The client's IP: the socket's peer address. `X-Forwarded-For` is not trusted, since any
 * client can send it; behind a proxy, every client then shares the proxy's budget.
 */
export function clientIp(req: Request): string {
  return req.socket?.remoteAddress ?? 'unknown';
}
