import { CONVERSATION_LIMIT_MESSAGE } from '../routes/messages';
import { randomBytes } from 'node:crypto';
import type { Activity, Attachment } from 'botbuilder';
import type { Knex } from 'knex';
import type { Request, Response, Server } from 'restify';
import { appendDlActivity, createDlConversation, findDlConversation, listDlActivities } from '../../store/directline';
import { NotFoundError } from '../../store/errors';
import { jsonDepth, MAX_JSON_DEPTH } from '../activity-schema';
import { handle, HttpError, sendError, statusOf } from '../http-errors';
import type { InFlight } from '../in-flight';
import type { Logger } from '../logger';
import type { SupportBot } from '../support-bot';
import { clientIp, type FixedWindowLimiter } from '../webchat/rate-limit';
import { WIDGET_TOKEN_TTL_S, type WidgetGrant, type WidgetTokens } from '../webchat/widget-tokens';
import { WIDGET_CLIENT, type WidgetClient } from '../turn/verified-customer';
import { clientActivitySchema, startConversationSchema, type ClientActivity } from './client-activity-schema';
import { authorizeConversation, conversationIdParam, parseWatermark, type ConversationAccess } from './conversation-access';
import type { DirectLineAdapter } from './directline-adapter';
import { fromClientActivity, joinActivity } from './incoming-activity';
import { registerUploadRoute } from './upload-route';

/** Most activities one poll returns; the client gets the rest on its next poll. */
const MAX_ACTIVITIES_PER_POLL = 200;

/** Dependencies of {@link registerDirectLineRoutes}. */
export interface DirectLineRouteDeps {
  db: Knex;
  adapter: DirectLineAdapter;
  bot: Pick<SupportBot, 'run'>;
  tokens: WidgetTokens;
  limiter: FixedWindowLimiter;
  /** Customer messages per conversation per minute, shared with `/api/messages`. */
  conversationLimiter: FixedWindowLimiter;
  logger: Logger;
  inFlight: InFlight;
  /** `MAX_UPLOAD_BYTES`: the largest upload (photos) the widget may send. */
  maxUploadBytes: number;
}

/**
 * The Direct Line v3 subset Web Chat uses with `webSocket: false`: start, reconnect, poll,
 * post, token refresh, and photo uploads (bot/directline/upload-route.ts). Every call needs the widget's bearer token.
 */
export function registerDirectLineRoutes(server: Server, deps: DirectLineRouteDeps): void {
  const { db, tokens, limiter, logger } = deps;
  // A failed turn propagates: the widget's POST gets a 5xx and Web Chat offers to retry.
  const runTurn = (activity: Partial<Activity>, client: WidgetClient) =>
    deps.inFlight.track(() =>
      deps.adapter.processActivity(activity, (context) => {
        context.turnState.set(WIDGET_CLIENT, client);
        return deps.bot.run(context);
      }),
    );
  const clientOf = (req: Request, grant: WidgetGrant): WidgetClient => ({ ip: clientIp(req), identity: grant.identity });
  // The conversation-bound token keeps what the user's token carried (the shop's signed identity).
  const conversationResponse = async (conversationId: string, grant: WidgetGrant) => ({
    conversationId,
    token: await tokens.issue({ ...grant, conversationId }),
    expires_in: WIDGET_TOKEN_TTL_S,
  });

  server.post(
    '/v3/directline/conversations',
    handle(logger, async (req, res) => {
      await limiter.check(req);
      const grant = await tokens.verifyHeader(req.header('authorization'));
      const body = startConversationSchema.parse(req.body);
      if (grant.conversationId) {
        const existing = await findDlConversation(db, grant.conversationId);
        if (!existing) throw new NotFoundError(`conversation ${grant.conversationId} not found`);
        if (existing.user_id !== grant.userId) throw new HttpError(403, 'this token does not open that conversation');
        res.send(200, await conversationResponse(existing.id, grant));
        return;
      }
      const conversationId = randomBytes(16).toString('base64url');
      const now = Date.now();
      await createDlConversation(db, { id: conversationId, userId: grant.userId, now });
      // The greeting is a courtesy: the conversation exists even when it fails.
      await runTurn(
        joinActivity({ conversationId, userId: grant.userId, bot: deps.adapter.bot }, now, body?.locale ?? grant.locale),
        clientOf(req, grant),
      ).catch((error: unknown) => logger.error({ err: error }, 'directline: greeting turn failed'));
      res.send(201, await conversationResponse(conversationId, grant));
    }),
  );

  server.get(
    '/v3/directline/conversations/:id',
    handle(logger, async (req, res) => {
      await limiter.check(req);
      const { conversation, grant } = await authorizeConversation(req, db, tokens, conversationIdParam(req));
      res.send(200, await conversationResponse(conversation.id, grant));
    }),
  );

  server.get('/v3/directline/conversations/:id/activities', async (req: Request, res: Response) => {
    const watermark = parseWatermark(req.query?.watermark);
    const empty = { activities: [], watermark: String(watermark) };
    try {
      const { conversation } = await authorizeConversation(req, db, tokens, conversationIdParam(req));
      const decision = await limiter.take(clientIp(req));
      if (!decision.allowed) {
        // A 429 would stop Web Chat's polling for good: answer "nothing new" without touching the database.
        res.header('Retry-After', String(decision.retryAfterS));
        res.send(200, empty);
        return;
      }
      const stored = await listDlActivities(db, conversation.id, watermark, MAX_ACTIVITIES_PER_POLL);
      res.send(200, {
        activities: latestVersions(stored.map((s) => s.activity)),
        watermark: String(stored.length > 0 ? stored[stored.length - 1].seq : watermark),
      });
    } catch (error) {
      if (statusOf(error) < 500) return sendError(res, error, logger);
      // One failed poll stops the widget for good: report "nothing new" and let it poll again.
      logger.error({ err: error }, 'directline poll failed; answered with no activities');
      res.send(200, empty);
    }
  });

  /** Stores a posted activity in the log (a retried POST finds the first delivery's) and runs its turn; resolves with its id. */
  const deliver = async (
    req: Request,
    { conversation, grant }: ConversationAccess,
    posted: ClientActivity,
    attachments: Attachment[] = [],
  ) => {
    // Events are stored like messages, so they spend the same per-conversation allowance.
    if (posted.type !== 'typing') await deps.conversationLimiter.checkKey(`directline|${conversation.id}`, CONVERSATION_LIMIT_MESSAGE);
    const now = Date.now();
    const address = { conversationId: conversation.id, userId: grant.userId, bot: deps.adapter.bot };
    let activity = fromClientActivity(posted, address, now);
    if (attachments.length > 0) activity = { ...activity, attachments };
    if (activity.type !== 'typing') {
      const appended = await appendDlActivity(db, {
        conversationId: conversation.id,
        activityId: activity.id as string,
        clientActivityId: posted.channelData?.clientActivityID,
        activity,
        now,
      });
      // A retried POST carries the first delivery's activity id: its claim decides whether the turn runs.
      if (appended.duplicate) activity = appended.activity as Partial<Activity>;
    }
    await runTurn(activity, clientOf(req, grant));
    return activity.id as string;
  };

  server.post(
    '/v3/directline/conversations/:id/activities',
    handle(logger, async (req, res) => {
      await limiter.check(req);
      const access = await authorizeConversation(req, db, tokens, conversationIdParam(req));
      const body: unknown = req.body;
      if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
        throw new HttpError(400, 'body: expected a JSON activity object');
      }
      if (jsonDepth(body) > MAX_JSON_DEPTH) throw new HttpError(400, `body: nested deeper than ${MAX_JSON_DEPTH} levels`);
      res.send(200, { id: await deliver(req, access, clientActivitySchema.parse(body)) });
    }),
  );

  registerUploadRoute(server, { db, tokens, limiter, logger, bot: deps.adapter.bot, maxUploadBytes: deps.maxUploadBytes, deliver });

  server.post(
    '/v3/directline/tokens/refresh',
    handle(logger, async (req, res) => {
      await limiter.check(req);
      const grant = await tokens.verifyHeader(req.header('authorization'));
      res.send(200, {
        ...(grant.conversationId ? { conversationId: grant.conversationId } : {}),
        token: await tokens.issue(grant),
        expires_in: WIDGET_TOKEN_TTL_S,
      });
    }),
  );
}

/** Collapses repeated versions of one activity (an update) to the latest, at the first one's place. */
function latestVersions(activities: Array<Record<string, unknown>>): Array<Record<string, unknown>> {
  const byId = new Map<unknown, number>();
  const result: Array<Record<string, unknown>> = [];
  for (const activity of activities) {
    const index = byId.get(activity.id);
    if (index === undefined) {
      byId.set(activity.id, result.length);
      result.push(activity);
    } else {
      result[index] = activity;
    }
  }
  return result;
}
