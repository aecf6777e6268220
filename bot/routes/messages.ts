import type { ActivityHandler, CloudAdapter } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import { activitySchema, jsonDepth, MAX_JSON_DEPTH } from '../activity-schema';
import { HttpError, handle } from '../http-errors';
import type { Logger } from '../logger';
import type { InFlight } from '../in-flight';
import type { FixedWindowLimiter } from '../webchat/rate-limit';

/** The 429 message when one conversation sends more than `RATE_LIMIT_CONVERSATION_PER_MIN`. */
export const CONVERSATION_LIMIT_MESSAGE = 'Too many messages in this conversation: slow down and retry later';

/** Dependencies of {@link registerMessagesRoute}. */
export interface MessagesRouteDeps {
  adapter: CloudAdapter;
  bot: ActivityHandler;
  logger: Logger;
  inFlight: InFlight;
  /** Customer messages per conversation per minute (`RATE_LIMIT_CONVERSATION_PER_MIN`). */
  conversationLimiter: FixedWindowLimiter;
}

/** `POST /api/messages`: Bot Framework activities, validated before the adapter sees them. */
export function registerMessagesRoute(server: Server, deps: MessagesRouteDeps): void {
  server.post(
    '/api/messages',
    handle(deps.logger, async (req: Request, res: Response) => {
      const body: unknown = req.body;
      if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
        throw new HttpError(400, 'body: expected a JSON activity object');
      }
      if (jsonDepth(body) > MAX_JSON_DEPTH) throw new HttpError(400, `body: nested deeper than ${MAX_JSON_DEPTH} levels`);
      const activity = activitySchema.parse(body);
      if (activity.type === 'message') {
        deps.conversationLimiter.checkKey(`${activity.channelId}|${activity.conversation.id}`, CONVERSATION_LIMIT_MESSAGE);
      }
      req.body = activity;
      await deps.inFlight.track(() => deps.adapter.process(req, jsonErrorReply(res), (context) => deps.bot.run(context)));
    }),
  );
}

/**
 * The response handed to CloudAdapter: its refusals carry a bare string body (a rejected
 * token's reason, an exception message on 500); they become `{ error }` JSON like every
 * other route, with 5xx details hidden.
 */
function jsonErrorReply(res: Response) {
  return {
    socket: res.socket,
    status: (code: number) => res.status(code),
    header: (name: string, value: unknown) => res.header(name, value),
    send: (body: unknown) =>
      res.send(res.statusCode >= 400 && typeof body === 'string' ? { error: res.statusCode >= 500 ? 'Internal error' : body } : body),
    end: () => res.end(),
  };
}
