import { REFERENCE_LANGUAGE, SHIPPED_LANGUAGES } from '../../common/languages';
import type { Server } from 'restify';
import { z } from 'zod';
import { NotFoundError } from '../../store/errors';
import { dbText } from '../../store/field-limits';
import { confirmExample, exampleView, labelExample } from '../../store/nlu-examples';
import { listReview, messageToLabel, resolveReview } from '../../store/nlu-review';
import { adminAuthenticator, type AdminAuthDeps } from '../admin-auth';
import { AdminSessions } from '../admin-session';
import { auditedRoute } from '../audited-route';
import type { KnownIntents } from '../known-intents';
import { cursorSchema, limitSchema } from './ticket-query';

/** Dependencies of {@link registerAdminNluRoutes}. */
export interface AdminNluDeps extends AdminAuthDeps {
  intents: KnownIntents;
}

const reviewQuerySchema = z.strictObject({ limit: limitSchema, cursor: cursorSchema.optional() });
const idSchema = z.coerce.number().int().positive().max(2_147_483_647);
const labelBodySchema = z
  .strictObject({
    text: dbText(1000).trim().min(1, 'required').optional(),
    messageId: z.number().int().positive().max(2_147_483_647).optional(),
    intent: z.string().trim().min(1, 'required').max(64),
    /** The language of a typed text (default English); a message's own language is its. */
    language: z.enum(SHIPPED_LANGUAGES).optional(),
  })
  .refine((b) => (b.text === undefined) !== (b.messageId === undefined), { message: 'give exactly one of text and messageId' })
  .refine((b) => b.language === undefined || b.text !== undefined, { message: 'language: only with text (a message has its own)' });

/**
 * The learning loop's review and labels (issue 15): `GET /admin/nlu/review` (`limit, cursor` →
 * `{ items, next }`, the messages to review newest first with the bot's guess and why),
 * `POST /admin/nlu/examples` (`{ text [, language] | messageId, intent }` → 201 with the confirmed example;
 * a labelled message leaves the queue) and `POST /admin/nlu/examples/:id/confirm` (a customer's
 * suggestion confirmed as it is). Unknown intents are refused with 400.
 */
export function registerAdminNluRoutes(server: Server, deps: AdminNluDeps): void {
  const admins = adminAuthenticator(deps.config, new AdminSessions(deps.db));
  server.get(
    '/admin/nlu/review',
    auditedRoute(deps, admins, 'nlu.review', async (req, res) => {
      const page = reviewQuerySchema.parse(req.query ?? {});
      res.send(200, { ...(await listReview(deps.db, page)), intents: deps.intents.all });
    }),
  );
  server.post(
    '/admin/nlu/examples',
    auditedRoute(deps, admins, 'nlu.label', async (req, res, caller) => {
      const body = labelBodySchema.parse(req.body ?? {});
      const intent = deps.intents.check(body.intent);
      const now = Date.now();
      if (body.text !== undefined) {
        const language = body.language ?? REFERENCE_LANGUAGE;
        res.send(201, exampleView(await labelExample(deps.db, { text: body.text, language, intent, admin: caller.id, now })));
        return;
      }
      const message = await messageToLabel(deps.db, body.messageId as number);
      if (!message) throw new NotFoundError(`Message ${body.messageId} not found (or it has no text left to learn from)`);
      const example = await labelExample(deps.db, { message, intent, admin: caller.id, now });
      await resolveReview(deps.db, message.id, now);
      res.send(201, exampleView(example));
    }),
  );
  server.post(
    '/admin/nlu/examples/:id/confirm',
    auditedRoute(deps, admins, 'nlu.confirm', async (req, res, caller) => {
      const now = Date.now();
      const example = await confirmExample(deps.db, idSchema.parse(req.params.id), caller.id, now);
      if (example.message_id !== null) await resolveReview(deps.db, Number(example.message_id), now);
      res.send(200, exampleView(example));
    }),
  );
}
