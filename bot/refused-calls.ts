import type { Knex } from 'knex';
import type { Logger } from './logger';
import { HttpError } from './http-errors';
import { sharedLimiter, type FixedWindowLimiter } from './webchat/rate-limit';

/** What to do with one refused call: audit it or not. */
export interface RefusalDecision {
  /** Only the first refusal of an IP and route in a minute is audited. */
  audit: boolean;
}

/**
 * Refused calls to the authenticated routes (wrong or missing credentials, 401/503), counted
 * per client IP: past `limitPerMin` in a minute they get 429 with `Retry-After`, and of each
 * IP's refusals of one route only the first of the minute writes an audit row. Without this,
 * a flood of unauthenticated calls with long queries wrote megabytes of audit rows.
 * Counts are shared through the database on PostgreSQL, like the other limits.
 */
export class RefusedCalls {
  constructor(
    private readonly perIp: FixedWindowLimiter,
    private readonly auditedPerRoute: FixedWindowLimiter,
    private readonly logger: Logger,
  ) {}

  /** The refused-call counts of `db`, with `limitPerMin` refusals per IP (0 = no 429). */
  static forDatabase(db: Knex, limitPerMin: number, logger: Logger): RefusedCalls {
    return new RefusedCalls(sharedLimiter(db, 'refused-ip', limitPerMin), sharedLimiter(db, 'refused-audit', 1), logger);
  }

  /**
   * Counts a refusal of `ip` on `route`. Throws a 429 {@link HttpError} past the limit (that
   * refusal is not audited). When counting fails, the call is audited and not limited.
   */
  async count(ip: string, route: string): Promise<RefusalDecision> {
    let retryAfterS: number;
    try {
      const perIp = await this.perIp.take(ip);
      if (perIp.allowed) return { audit: (await this.auditedPerRoute.take(`${ip}|${route}`)).allowed };
      retryAfterS = perIp.retryAfterS;
    } catch (error) {
      this.logger.error({ err: error }, 'refused-call count failed; auditing the call');
      return { audit: true };
    }
    throw new HttpError(429, 'Too many refused calls: retry later', { 'Retry-After': String(retryAfterS) });
  }
}
