import { localeSchema } from '../locale-schema';
import type { Server } from 'restify';
import { z } from 'zod';
import { UnavailableError } from '../../store/errors';
import { handle } from '../http-errors';
import type { Logger } from '../logger';
import type { AzureDirectLine } from './azure-direct-line';
import type { FixedWindowLimiter } from './rate-limit';
import type { ShopIdentityVerifier } from './shop-identity';
import type { VisitorCookie } from './visitor-cookie';
import { newWidgetUserId, WIDGET_TOKEN_TTL_S, type WidgetTokens } from './widget-tokens';

/**
 * Body of `POST /webchat/token` (optional): `visitor` is the signed visitor token the widget
 * keeps in its own storage, for frames on a shop's domain where the visitor cookie is not sent;
 * `locale` the browser's interface locale, which the greeting is written in.
 */
export const tokenRequestSchema = z
  .object({ visitor: z.string().max(256).optional(), locale: localeSchema.optional() })
  .loose()
  .optional()
  .nullable();

/** Dependencies of {@link registerTokenRoute}. */
export interface TokenRouteDeps {
  tokens: WidgetTokens;
  visitors: VisitorCookie;
  identities: ShopIdentityVerifier;
  limiter: FixedWindowLimiter;
  logger: Logger;
  /** The user's conversation to resume on the built-in endpoint, if any (see `findResumableDlConversation`). */
  resumable: (userId: string) => Promise<string | undefined>;
  /** Set when `DIRECTLINE_SECRET` is: tokens then come from Azure Direct Line. */
  azure?: AzureDirectLine;
}

/**
 * A body of `POST /webchat/token` that carries the customer identity the shop's page signed, and
 * the browser's interface locale as for any visitor.
 */
export const identityRequestSchema = z.object({ identity: z.string().min(1).max(2048), locale: localeSchema.optional() });

/**
 * The signed identity request of a token request: undefined for any body without an `identity`
 * field (the widget posts none; other bodies were always ignored), 400 for one that is not a
 * string or whose locale is not a language tag.
 */
function signedIdentityOf(body: unknown): z.infer<typeof identityRequestSchema> | undefined {
  if (body === null || typeof body !== 'object' || !('identity' in body)) return undefined;
  return identityRequestSchema.parse(body);
}

/**
 * `POST /webchat/token`: a token bound to a user id the server chose. A returning visitor's
 * signed visitor token (in the body) or cookie keeps their user id; a missing or forged one
 * gets a new id. The answer carries the signed `visitor` token for the widget to store. When
 * the visitor has a conversation worth resuming (active, or with an unresolved ticket), the
 * token is bound to it and names its `conversationId`: Web Chat then replays its history.
 * With Azure Direct Line configured, the answer also names Azure's `domain` and its `conversationId`.
 * With a signed shop identity (bot/webchat/shop-identity.ts) the user id is the shop
 * customer's own, the token vouches for them, they resume the same way, and no cookie or
 * visitor token is given (the next person at a shared computer must not inherit it); a bad or
 * expired identity gets 401.
 */
export function registerTokenRoute(server: Server, deps: TokenRouteDeps): void {
  server.post(
    '/webchat/token',
    handle(deps.logger, async (req, res) => {
      await deps.limiter.check(req);
      const signed = signedIdentityOf(req.body);
      if (signed !== undefined) {
        if (deps.azure)
          throw new UnavailableError('signed customer identities need the built-in Direct Line endpoint (DIRECTLINE_SECRET is set)');
        const { identity, userId } = deps.identities.verify(signed.identity);
        const resumed = await deps.resumable(userId);
        res.send(200, {
          token: await deps.tokens.issue({ userId, identity, conversationId: resumed, locale: signed.locale }),
          userId,
          expires_in: WIDGET_TOKEN_TTL_S,
          ...(resumed ? { conversationId: resumed } : {}),
        });
        return;
      }
      const body = tokenRequestSchema.parse(req.body);
      const userId = deps.visitors.verify(body?.visitor) ?? deps.visitors.read(req.header('cookie')) ?? newWidgetUserId();
      const visitor = deps.visitors.tokenOf(userId);
      res.header('Set-Cookie', deps.visitors.serialize(userId));
      if (deps.azure) {
        const generated = await deps.azure.generateToken(userId);
        res.send(200, {
          token: generated.token,
          userId,
          visitor,
          expires_in: generated.expires_in,
          conversationId: generated.conversationId,
          domain: deps.azure.domain,
        });
        return;
      }
      const conversationId = await deps.resumable(userId);
      res.send(200, {
        token: await deps.tokens.issue({ userId, conversationId, locale: body?.locale }),
        userId,
        visitor,
        expires_in: WIDGET_TOKEN_TTL_S,
        ...(conversationId ? { conversationId } : {}),
      });
    }),
  );
}
