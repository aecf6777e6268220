import type { Server } from 'restify';
import { z } from 'zod';
import { listFeedback } from '../../store/feedback-list';
import { instantSchema } from '../../store/metrics/window-query';
import { AdminSessions } from '../admin-session';
import { adminAuthenticator, type AdminAuthDeps } from '../admin-auth';
import { auditedRoute } from '../audited-route';
import type { TicketLifecycle } from '../handoff/ticket-lifecycle';
import type { PhotoLinks } from '../photos/photo-links';
import type { KnownIntents } from '../known-intents';
import { adminStatusBodySchema, cursorSchema, limitSchema } from './ticket-query';
import { registerTicketRoutes, type TicketRouteWrapper } from './ticket-routes';

/** Dependencies of {@link registerAdminTicketRoutes}. */
export interface AdminTicketDeps extends AdminAuthDeps {
  tickets: TicketLifecycle;
  photoLinks: PhotoLinks;
  intents: KnownIntents;
}

const feedbackQuerySchema = z.strictObject({
  from: instantSchema.optional(),
  to: instantSchema.optional(),
  rating: z.coerce.number().int().min(1).max(5).optional(),
  comments: z.enum(['only', 'all']).default('all'),
  limit: limitSchema,
  cursor: cursorSchema.optional(),
});

/**
 * Admins' tickets and survey answers: the shared ticket routes under `/admin/tickets` (admins
 * may assign a ticket to any agent and close any ticket) and `GET /admin/feedback` (answered
 * surveys, newest first: rating, comment, sentiment, ticket, intent, date; `from, to, rating,
 * comments=only, limit, cursor` → `{ feedback, next }`).
 */
export function registerAdminTicketRoutes(server: Server, deps: AdminTicketDeps): void {
  const admins = adminAuthenticator(deps.config, new AdminSessions(deps.db));
  const route: TicketRouteWrapper = (action, fn) =>
    auditedRoute(deps, admins, `admin.${action}`, (req, res, caller) => fn(req, res, { id: caller.id, name: 'An administrator' }));
  registerTicketRoutes(server, '/admin/tickets', route, {
    db: deps.db,
    tickets: deps.tickets,
    statusBody: (body) => adminStatusBodySchema.parse(body),
    photoLinks: deps.photoLinks,
    intents: deps.intents,
  });
  server.get(
    '/admin/feedback',
    route('feedback', async (req, res) => {
      const q = feedbackQuerySchema.parse(req.query ?? {});
      res.send(200, await listFeedback(deps.db, { ...q, withComment: q.comments === 'only' }));
    }),
  );
}
