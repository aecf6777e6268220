import type { Request } from 'restify';
import { UnauthorizedError, UnavailableError } from '../store/errors';
import { AdminSessions } from './admin-session';
import { auditedRoute, type AuditedRouteDeps, type Authenticator, type Caller } from './audited-route';
import { bearerToken } from './bearer-token';
import type { Config } from './config';
import type { AsyncHandler } from './http-errors';
import { safeEqual } from './safe-equal';

/** Dependencies of {@link adminRoute}. */
export interface AdminAuthDeps extends AuditedRouteDeps {
  config: Config;
}

/** The one admin identity (admins share `ADMIN_API_KEY`); the audit log's actor `admin`. */
export const ADMIN: Caller = { id: 'admin' };

/**
 * Authenticates admins: `Authorization: Bearer <ADMIN_API_KEY>` or, without a bearer token,
 * the dashboard session cookie. Refuses with 503 when no key is configured (production), 401 otherwise.
 */
export function adminAuthenticator(config: Config, sessions: AdminSessions): Authenticator<Caller> {
  return {
    async authenticate(req: Request): Promise<Caller> {
      const key = config.adminApiKey;
      if (!key) throw new UnavailableError('Admin routes are disabled: ADMIN_API_KEY is not configured');
      const bearer = bearerToken(req.header('authorization'));
      if (bearer !== undefined ? safeEqual(bearer, key) : await sessions.isValid(req.header('cookie'))) return ADMIN;
      throw new UnauthorizedError('Admin key missing or wrong');
    },
  };
}

/** Wraps an admin handler in {@link auditedRoute} behind {@link adminAuthenticator}. */
export function adminRoute(deps: AdminAuthDeps, action: string, fn: AsyncHandler): AsyncHandler {
  return auditedRoute(deps, adminAuthenticator(deps.config, new AdminSessions(deps.db)), action, (req, res) => fn(req, res));
}
