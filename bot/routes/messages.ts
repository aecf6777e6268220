import type { Activity } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import { activitySchema, jsonDepth, MAX_JSON_DEPTH } from '../activity-schema';
import type { ChannelAdapter } from '../adapter';
import { HttpError, handle } from '../http-errors';
import type { InFlight } from '../in-flight';
import type { Logger } from '../logger';
import { attachedPhotos } from '../photos/photo-attachments';
import type { SupportBot } from '../support-bot';
import type { FixedWindowLimiter } from '../webchat/rate-limit';

/** The 429 message when one conversation sends more than `RATE_LIMIT_CONVERSATION_PER_MIN`. */
export const CONVERSATION_LIMIT_MESSAGE = 'Too many messages in this conversation: slow down and retry later';

/** Dependencies of {@link registerMessagesRoute}. */
export interface MessagesRouteDeps {
  adapter: ChannelAdapter;
  bot: Pick<SupportBot, 'run'>;
  logger: Logger;
  inFlight: InFlight;
  /** Customer messages per conversation per minute (`RATE_LIMIT_CONVERSATION_PER_MIN`). */
  conversationLimiter: FixedWindowLimiter;
  /** `MAX_UPLOAD_BYTES`: the largest photo a message may carry as a `data:` URI. */
  maxUploadBytes: number;
}

/**
 * `POST /api/messages`: validate → authenticate → check photos → per-conversation limit → the turn
 * (bot/turn/customer-turns.ts). The limit is counted only for authenticated requests, so
 * unsigned floods cannot spend a real conversation's allowance.
 */
export function registerMessagesRoute(server: Server, deps: MessagesRouteDeps): void {
  server.post(
    '/api/messages',
    handle(deps.logger, async (req: Request, res: Response) => {
      const body: unknown = req.body;
      if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
        throw new HttpError(400, 'body: expected a JSON activity object');
      }
      if (jsonDepth(body) > MAX_JSON_DEPTH) throw new HttpError(400, `body: nested deeper than ${MAX_JSON_DEPTH} levels`);
      const activity = activitySchema.parse(body) as unknown as Activity;
      const auth = await deps.adapter.authenticate(activity, req.header('authorization') ?? '');
      // Photos come inline as data: URIs (413, 415; a link is never fetched), checked before anything is stored.
      attachedPhotos(activity.attachments, deps.maxUploadBytes);
      if (activity.type === 'message') {
        await deps.conversationLimiter.checkKey(`${activity.channelId}|${activity.conversation.id}`, CONVERSATION_LIMIT_MESSAGE);
      }
      const invoke = await deps.inFlight.track(() => deps.adapter.runAuthenticated(auth, activity, (context) => deps.bot.run(context)));
      if (invoke) res.send(invoke.status, invoke.body ?? {});
      else res.send(200);
    }),
  );
}
