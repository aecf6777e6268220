import type { Request, Response, Server } from 'restify';

/**
 * Paths whose answers carry personal data or credentials: customer exports and every other
 * admin answer, the agent API (transcripts) and customers' photos, the widget's tokens and Direct Line activities.
 */
const PERSONAL_DATA_PATHS = /^\/(admin\/|agent\/api\/|agent\/photos\/|v3\/directline\/|webchat\/token)/;

/**
 * Sends `Cache-Control: no-store` on every answer under {@link PERSONAL_DATA_PATHS}, errors
 * included, so no browser or proxy cache keeps a copy. A route that serves static assets
 * there may still set its own header.
 */
export function preventCachingOfPersonalData(server: Server): void {
  server.pre((req: Request, res: Response, next: () => void) => {
    if (PERSONAL_DATA_PATHS.test(req.path())) res.header('Cache-Control', 'no-store');
    return next();
  });
}
