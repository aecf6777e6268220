import { AuthenticationError } from 'botframework-connector';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { ConflictError, InputError, NotFoundError, UnauthorizedError, UnavailableError } from '../store/errors';
import type { Logger } from './logger';

/** Thrown by handlers for client errors that are not one of the domain errors. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** Maps an error to its HTTP status: typed errors to 4xx/503, anything else to 500. */
export function statusOf(error: unknown): number {
  if (error instanceof HttpError) return error.status;
  if (error instanceof InputError || error instanceof z.ZodError) return 400;
  if (error instanceof UnauthorizedError) return 401;
  if (error instanceof AuthenticationError) return error.statusCode === 403 ? 403 : 401;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError) return 409;
  if (error instanceof UnavailableError) return 503;
  return 500;
}

/** A readable message for a zod error: "field: problem; field: problem". */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : 'body'}: ${i.message}`)
    .join('; ');
}

/** Sends the JSON error body for `error`; 5xx details are logged, never shown. */
export function sendError(res: Response, error: unknown, logger: Logger): void {
  const status = statusOf(error);
  if (error instanceof HttpError) for (const [k, v] of Object.entries(error.headers)) res.header(k, v);
  if (status >= 500 && status !== 503) logger.error({ err: error }, 'request failed');
  // A refusal says nothing of why: no key lists, internal URLs or which check failed.
  const message =
    status === 401
      ? 'unauthorized'
      : error instanceof z.ZodError
        ? describeZodError(error)
        : status === 500
          ? 'Internal error'
          : error instanceof Error
            ? error.message
            : String(error);
  if (!res.headersSent) res.send(status, { error: message });
}

/** Handler signature for {@link handle}. */
export type AsyncHandler = (req: Request, res: Response) => Promise<void>;

/** Wraps an async route handler so every thrown error goes through {@link sendError}. */
export function handle(logger: Logger, fn: AsyncHandler): AsyncHandler {
  return async (req, res) => {
    try {
      await fn(req, res);
    } catch (error) {
      sendError(res, error, logger);
    }
  };
}

/**
 * Gives restify's own refusals (broken JSON 400, 404, 405, 413, 415 …) the same
 * `{ error: message }` body as the route errors; 5xx details stay hidden.
 */
export function useJsonErrorBodies(server: Server): void {
  server.on(
    'restifyError',
    (_req: Request, _res: Response, err: Error & { statusCode?: number; toJSON?: () => unknown }, callback: () => void) => {
      const hidden = (err.statusCode ?? 500) >= 500;
      err.toJSON = () => ({ error: hidden ? 'Internal error' : err.message });
      return callback();
    },
  );
}
