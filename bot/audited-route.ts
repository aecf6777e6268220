import type { Knex } from 'knex';
import type { Request, Response } from 'restify';
import { recordAudit } from '../store/audit-log';
import { holdResponseEnd } from './held-response';
import { handle, sendError, type AsyncHandler } from './http-errors';
import type { Logger } from './logger';
import type { RefusedCalls } from './refused-calls';
import { clientIp } from './webchat/rate-limit';

/** Someone a route let in; `id` is the audit log's actor. */
export interface Caller {
  readonly id: string;
}

/** How a route authenticates its callers (admin key, agent key, login form …). */
export interface Authenticator<C extends Caller> {
  /**
   * The caller of `req`. Throws (or rejects) to refuse the request: `UnauthorizedError` (401)
   * for missing or wrong credentials, `UnavailableError` (503) when the credential is not
   * configured, a zod or `InputError` (400) for a malformed identity.
   */
  authenticate(req: Request): C | Promise<C>;
  /** Answers a refused request; without it the refusal is the usual JSON `{ error }`. */
  refuse?(res: Response, error: unknown): void;
}

/** Dependencies of {@link auditedRoute}. */
export interface AuditedRouteDeps {
  db: Knex;
  logger: Logger;
  /** Per-IP limit and audit sampling of refused calls. */
  refusals: RefusedCalls;
}

const auditedPaths = new WeakMap<Request, string>();

/**
 * Has the audit row of `req` record `path` instead of the path requested: an erasure's own row
 * must not name the customer it erased.
 */
export function auditPathAs(req: Request, path: string): void {
  auditedPaths.set(req, path);
}

/** A route handler that runs only for an authenticated caller. */
export type CallerHandler<C extends Caller> = (req: Request, res: Response, caller: C) => Promise<void>;

/**
 * Wraps a handler behind `auth`: refused requests never reach it. Every allowed call writes one
 * audit-log row (actor, `<action> <METHOD> <path>`, status, IP, query) before the response
 * ends; refused calls are limited per IP and audited once per IP, route and minute
 * ({@link RefusedCalls}).
 */
export function auditedRoute<C extends Caller>(
  deps: AuditedRouteDeps,
  auth: Authenticator<C>,
  action: string,
  fn: CallerHandler<C>,
): AsyncHandler {
  const run = async (req: Request, res: Response): Promise<void> => {
    let caller: C | undefined;
    try {
      caller = await auth.authenticate(req);
    } catch (error) {
      const audited = await refuse(deps, auth, action, req, res, error);
      if (!audited) return;
    }
    if (caller) {
      const allowed = caller;
      await handle(deps.logger, (rq, rs) => fn(rq, rs, allowed))(req, res);
    }
    await recordAudit(deps.db, {
      actor: caller?.id ?? 'anonymous',
      action: `${action} ${req.method} ${auditedPaths.get(req) ?? req.path()}`,
      status: res.statusCode,
      ip: req.socket.remoteAddress,
      detail: Object.keys(req.query ?? {}).length ? { query: req.query } : undefined,
    }).catch((error: unknown) => deps.logger.error({ err: error }, 'audit log write failed'));
  };
  return async (req, res) => {
    const response = holdResponseEnd(res);
    try {
      await run(req, res);
    } finally {
      response.release();
    }
  };
}

/**
 * Answers a refused request (a 429 instead once its IP is past the refused-call limit);
 * resolves with whether the refusal is to be audited.
 */
async function refuse<C extends Caller>(
  deps: AuditedRouteDeps,
  auth: Authenticator<C>,
  action: string,
  req: Request,
  res: Response,
  error: unknown,
): Promise<boolean> {
  let answer = error;
  let audit = false;
  try {
    audit = (await deps.refusals.count(clientIp(req), `${action} ${req.method}`)).audit;
  } catch (limited) {
    answer = limited;
  }
  if (auth.refuse) auth.refuse(res, answer);
  else sendError(res, answer, deps.logger);
  return audit;
}
