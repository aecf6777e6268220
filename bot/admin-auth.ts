import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Knex } from 'knex';
import type { Request, Response } from 'restify';
import { recordAudit } from '../store/audit-log';
import { UnauthorizedError, UnavailableError } from '../store/errors';
import type { Config } from './config';
import { handle, sendError, type AsyncHandler } from './http-errors';
import type { Logger } from './logger';

/** Name of the dashboard's session cookie (HttpOnly, SameSite=Strict). */
export const ADMIN_COOKIE = 'sb_admin';
const SESSION_MS = 8 * 3600_000;

/** Dependencies of {@link adminRoute}. */
export interface AdminAuthDeps {
  config: Config;
  db: Knex;
  logger: Logger;
}

/** Compares two secrets in constant time (lengths are hashed first so they leak nothing). */
export function safeEqual(given: string, expected: string): boolean {
  const a = createHmac('sha256', 'cmp').update(given).digest();
  const b = createHmac('sha256', 'cmp').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** A signed, expiring dashboard session value for the configured admin key. */
export function issueAdminSession(adminKey: string, now = Date.now()): string {
  const expires = now + SESSION_MS;
  return `${expires}.${sign(adminKey, expires)}`;
}

/** The `Set-Cookie` header value carrying a fresh admin session. */
export function adminSessionCookie(adminKey: string, secure: boolean): string {
  const attrs = ['HttpOnly', 'SameSite=Strict', 'Path=/admin', `Max-Age=${SESSION_MS / 1000}`];
  if (secure) attrs.push('Secure');
  return `${ADMIN_COOKIE}=${issueAdminSession(adminKey)}; ${attrs.join('; ')}`;
}

function sign(adminKey: string, expires: number): string {
  return createHmac('sha256', adminKey).update(`admin-session:${expires}`).digest('base64url');
}

function validSession(cookieHeader: string | undefined, adminKey: string, now: number): boolean {
  const value = (cookieHeader ?? '')
    .split(';')
    .map((c) => c.trim())
    .find((c) => c.startsWith(`${ADMIN_COOKIE}=`))
    ?.slice(ADMIN_COOKIE.length + 1);
  if (!value) return false;
  const [expiresText, signature] = value.split('.');
  const expires = Number(expiresText);
  if (!Number.isFinite(expires) || expires < now || !signature) return false;
  return safeEqual(signature, sign(adminKey, expires));
}

/**
 * Checks the admin credentials of a request: `Authorization: Bearer <ADMIN_API_KEY>` or the
 * dashboard session cookie. Throws 503 when no key is configured (production), 401 otherwise.
 */
export function assertAdmin(req: Request, config: Config): void {
  const key = config.adminApiKey;
  if (!key) throw new UnavailableError('Admin routes are disabled: ADMIN_API_KEY is not configured');
  const header = req.header('authorization') ?? '';
  const bearer = /^Bearer (.+)$/i.exec(header)?.[1];
  if (bearer !== undefined ? safeEqual(bearer, key) : validSession(req.header('cookie'), key, Date.now())) return;
  throw new UnauthorizedError('Admin key missing or wrong');
}

/**
 * Wraps an admin handler: checks the key, runs it, and writes one audit-log entry for every
 * call, allowed or refused.
 */
export function adminRoute(deps: AdminAuthDeps, action: string, fn: AsyncHandler): AsyncHandler {
  const inner = handle(deps.logger, fn);
  return async (req: Request, res: Response) => {
    let allowed = false;
    try {
      assertAdmin(req, deps.config);
      allowed = true;
    } catch (error) {
      sendError(res, error, deps.logger);
    }
    if (allowed) await inner(req, res);
    await recordAudit(deps.db, {
      actor: allowed ? 'admin' : 'anonymous',
      action: `${action} ${req.method} ${req.path()}`,
      status: res.statusCode,
      ip: req.socket.remoteAddress,
      detail: Object.keys(req.query ?? {}).length ? { query: req.query } : undefined,
    }).catch((error: unknown) => deps.logger.error({ err: error }, 'audit log write failed'));
  };
}
