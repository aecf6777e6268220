import type { Knex } from 'knex';
import type { Request, Server } from 'restify';
import { z } from 'zod';
import { NotFoundError, UnauthorizedError } from '../../store/errors';
import { getPhoto } from '../../store/photos';
import { auditedRoute, type Authenticator, type Caller } from '../audited-route';
import type { Logger } from '../logger';
import type { PhotoLinks } from '../photos/photo-links';
import type { RefusedCalls } from '../refused-calls';

/** Dependencies of {@link registerAgentPhotoRoute}. */
export interface AgentPhotoRouteDeps {
  db: Knex;
  logger: Logger;
  refusals: RefusedCalls;
  links: PhotoLinks;
  /** The agent tab's sign-in (an issued credential or Teams SSO). */
  agents: Authenticator<Caller>;
}

const idParam = z.coerce
  .number()
  .int()
  .positive()
  .max(2 ** 31 - 1);

/** The audit log's actor for a view through a signed link (no sign-in: the link was the credential). */
export const SIGNED_LINK_ACTOR = 'signed-photo-link';

const EXTENSIONS: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' };

/**
 * `GET /agent/photos/:id`: a customer's photo, for a signed link that has not expired
 * (see {@link PhotoLinks}) or for a signed-in agent (`Authorization: Bearer …`); anyone else gets
 * a 401. Served with its sniffed type, `nosniff`, `no-store` and a CSP that runs nothing, and
 * audited like every agent call.
 */
export function registerAgentPhotoRoute(server: Server, deps: AgentPhotoRouteDeps): void {
  const viewers: Authenticator<Caller> = {
    async authenticate(req: Request) {
      const id = idParam.safeParse(req.params.id);
      const link = id.success ? deps.links.check(id.data, req.query ?? {}) : 'invalid';
      if (link === 'valid') return { id: SIGNED_LINK_ACTOR };
      if (link === 'expired' && !req.header('authorization')) {
        throw new UnauthorizedError('This photo link has expired: open the ticket in the agent tab');
      }
      return deps.agents.authenticate(req);
    },
  };
  server.get(
    '/agent/photos/:id',
    auditedRoute(deps, viewers, 'agent.photo', async (req, res) => {
      const photo = await getPhoto(deps.db, idParam.parse(req.params.id));
      if (!photo) throw new NotFoundError('Photo not found');
      res.sendRaw(200, photo.bytes, {
        'Content-Type': photo.content_type,
        'Content-Length': String(photo.bytes.length),
        'Content-Disposition': `inline; filename="photo-${photo.id}.${EXTENSIONS[photo.content_type] ?? 'img'}"`,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
        'Content-Security-Policy': "default-src 'none'; sandbox",
        'Referrer-Policy': 'no-referrer',
      });
    }),
  );
}
