import type { Knex } from 'knex';
import type { Server } from 'restify';
import type { Config } from '../config';
import { findResumableDlConversation } from '../../store/directline';
import { DIRECTLINE_CHANNEL_ID, DirectLineAdapter } from '../directline/directline-adapter';
import { registerDirectLineRoutes } from '../directline/routes';
import type { InFlight } from '../in-flight';
import type { Logger } from '../logger';
import type { SupportBot } from '../support-bot';
import { AZURE_DIRECT_LINE_ORIGIN, AzureDirectLine } from './azure-direct-line';
import { registerWebchatPages } from './pages';
import { sharedLimiter, type FixedWindowLimiter } from './rate-limit';
import { ShopIdentityVerifier } from './shop-identity';
import { registerTokenRoute } from './token';
import { VisitorCookie } from './visitor-cookie';
import type { WidgetOptionsInput } from './widget-options';
import { WidgetTokens } from './widget-tokens';

/** Dependencies of {@link registerWebWidget}. */
export interface WebWidgetDeps {
  config: Config;
  db: Knex;
  logger: Logger;
  /** The same turn logic the channel adapter runs. */
  bot: Pick<SupportBot, 'run'>;
  inFlight: InFlight;
  /** Customer messages per conversation per minute, shared with `/api/messages`. */
  conversationLimiter: FixedWindowLimiter;
  /** Look of the widget (defaults otherwise). */
  widgetOptions?: WidgetOptionsInput;
  /** Azure Direct Line origin, used when `config.directLineSecret` is set (tests pass a local fake). */
  azureDirectLineOrigin?: string;
}

/**
 * Wires the web widget channel: the built-in Direct Line endpoint (its adapter running the
 * same turn logic), `POST /webchat/token`, the pages and the per-IP rate limit.
 * Returns the adapter, which proactive code uses for references whose `serviceUrl` is
 * `DIRECTLINE_SERVICE_URL`.
 */
export function registerWebWidget(server: Server, deps: WebWidgetDeps): DirectLineAdapter {
  const { config, db, logger } = deps;
  const adapter = new DirectLineAdapter(db, { id: config.botAuth.appId ?? 'support-bot', name: 'Pebble & Pine assistant' });

  const tokens = new WidgetTokens(config.webchatSecret);
  const limiter = sharedLimiter(db, 'widget-ip', config.rateLimitWidgetPerMin);
  const azure = config.directLineSecret
    ? new AzureDirectLine(config.directLineSecret, deps.azureDirectLineOrigin ?? AZURE_DIRECT_LINE_ORIGIN)
    : undefined;

  registerTokenRoute(server, {
    tokens,
    visitors: new VisitorCookie(config.webchatSecret, config.production),
    identities: new ShopIdentityVerifier(config.shopIdentitySecret),
    limiter,
    resumable: (userId) =>
      findResumableDlConversation(db, { userId, channelId: DIRECTLINE_CHANNEL_ID, now: Date.now(), idleMs: config.conversationIdleMs }),
    logger,
    azure,
  });
  registerDirectLineRoutes(server, {
    db,
    adapter,
    bot: deps.bot,
    tokens,
    limiter,
    conversationLimiter: deps.conversationLimiter,
    logger,
    inFlight: deps.inFlight,
    maxUploadBytes: config.maxUploadBytes,
  });
  registerWebchatPages(server, {
    logger,
    options: deps.widgetOptions,
    connectOrigins: azure ? [azure.origin] : [],
  });
  return adapter;
}
