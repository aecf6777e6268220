import {
  type Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import {
  AuthenticationError,
  type AuthenticateRequestResult,
  type ClaimsIdentity,
  type ConnectorFactory,
  type ServiceClientCredentialsFactory,
  type UserTokenClient,
} from 'botframework-connector';
import { MINUTE_MS } from '../common/time';
import type { Config } from './config';
import { muteRejectedTokenNoise } from './connector-console';
import { ReusedConnectors } from './reused-connectors';
import { HttpError } from './http-errors';
import type { Logger } from './logger';

/** Seconds a channel is asked to wait when the Bot Framework's signing keys cannot be fetched. */
const KEYS_UNAVAILABLE_RETRY_S = 30;
/** At most one log line per this long while the keys cannot be fetched. */
const KEYS_UNAVAILABLE_LOG_MS = MINUTE_MS;

/** Test and deployment overrides of the Bot Framework authentication endpoints. */
export interface AdapterOverrides {
  /** OpenID metadata and issuer of channel tokens (tests serve their own on 127.0.0.1). */
  auth?: Pick<
    ConfigurationBotFrameworkAuthenticationOptions,
    'ToBotFromChannelOpenIdMetadataUrl' | 'ToBotFromChannelTokenIssuer' | 'ToBotFromEmulatorOpenIdMetadataUrl'
  >;
  /** Credentials for outgoing calls (tests inject a factory that needs no Azure AD). */
  credentialsFactory?: ServiceClientCredentialsFactory;
}

/**
 * The CloudAdapter, split so `/api/messages` can authenticate a request before it spends the
 * conversation's rate limit. With no credentials it runs in local development mode: requests
 * are not authenticated and replies go to the activity's `serviceUrl` unauthenticated.
 *
 * No `onTurnError`: a failed turn propagates to the route, which answers 5xx so the channel
 * retries (a 2xx means the message was stored and answered).
 */
export class ChannelAdapter extends CloudAdapter {
  constructor(private readonly auth: StrictAuthentication) {
    super(auth);
  }

  /** Validates the channel's JWT (a 401 `AuthenticationError` when it is missing or wrong). */
  authenticate(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.auth.authenticateRequest(activity, authHeader);
  }

  /** Runs `logic` on an authenticated activity; resolves with the invoke response, if any. */
  runAuthenticated(
    auth: AuthenticateRequestResult,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(auth, activity, logic);
  }
}

/** The channel adapter for `config`, with test overrides of the authentication endpoints. */
export function createAdapter(config: Config, logger: Logger, overrides: AdapterOverrides = {}): ChannelAdapter {
  muteRejectedTokenNoise();
  const auth = new StrictAuthentication(
    logger,
    {
      MicrosoftAppId: config.botAuth.appId,
      MicrosoftAppPassword: config.botAuth.appPassword,
      MicrosoftAppTenantId: config.botAuth.tenantId,
      MicrosoftAppType: config.botAuth.appType,
      ...overrides.auth,
    },
    overrides.credentialsFactory,
  );
  return new ChannelAdapter(auth);
}

/**
 * Bot Framework authentication where every rejected token is a 401 and a failure to fetch the
 * OpenID metadata or signing keys is a 503 with `Retry-After` (the channel retries; the token
 * may be fine). The stock class lets jsonwebtoken's errors (a forged signature, a malformed
 * token) escape, which CloudAdapter turns into a 500, and calls an unreachable key service a 401.
 */
class StrictAuthentication extends ConfigurationBotFrameworkAuthentication {
  private keysFailureLoggedAt = -Infinity;
  private readonly connectors = new ReusedConnectors();

  constructor(
    private readonly logger: Logger,
    ...args: ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>
  ) {
    super(...args);
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    try {
      const result = await super.authenticateRequest(activity, authHeader);
      const { connectorFactory, claimsIdentity } = result;
      return connectorFactory ? { ...result, connectorFactory: this.connectors.factoryFor(connectorFactory, claimsIdentity) } : result;
    } catch (error) {
      if (isKeyFetchFailure(error)) throw this.keysUnavailable(error);
      if (error instanceof AuthenticationError) throw error;
      throw new AuthenticationError('Unauthorized', 401);
    }
  }

  /** The stock connector factory, handing out clients kept across turns (bot/reused-connectors.ts). */
  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.connectors.factoryFor(super.createConnectorFactory(claimsIdentity), claimsIdentity);
  }

  /** The stock user token client, kept across turns like the connector clients. */
  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.connectors.userTokenClientFor(claimsIdentity, () => super.createUserTokenClient(claimsIdentity));
  }

  /** The 503 for a key-fetch failure, logged once per {@link KEYS_UNAVAILABLE_LOG_MS}. */
  private keysUnavailable(error: unknown): HttpError {
    const now = Date.now();
    if (now - this.keysFailureLoggedAt >= KEYS_UNAVAILABLE_LOG_MS) {
      this.keysFailureLoggedAt = now;
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.error({ reason }, 'Bot Framework signing keys unavailable: channel messages answered 503 until they load');
    }
    return new HttpError(503, 'Authentication keys unavailable: retry later', { 'Retry-After': String(KEYS_UNAVAILABLE_RETRY_S) });
  }
}

/**
 * Whether authentication failed because the OpenID metadata or the key set could not be
 * fetched (network error, or an error status from the key service), not because of the token.
 */
function isKeyFetchFailure(error: unknown): boolean {
  if (error instanceof AuthenticationError) return error.statusCode >= 500;
  return error instanceof Error && error.name === 'FetchError';
}
