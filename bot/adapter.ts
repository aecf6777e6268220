import {
  type Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import { AuthenticationError, type AuthenticateRequestResult, type ServiceClientCredentialsFactory } from 'botframework-connector';
import type { Config } from './config';

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
export function createAdapter(config: Config, overrides: AdapterOverrides = {}): ChannelAdapter {
  const auth = new StrictAuthentication(
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
 * Bot Framework authentication where every rejected token is a 401. The stock class lets
 * jsonwebtoken's errors (a forged signature, a malformed token) escape, which CloudAdapter
 * turns into a 500.
 */
class StrictAuthentication extends ConfigurationBotFrameworkAuthentication {
  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    try {
      return await super.authenticateRequest(activity, authHeader);
    } catch (error) {
      if (error instanceof AuthenticationError) throw error;
      throw new AuthenticationError(`Unauthorized: ${error instanceof Error ? error.message : 'invalid token'}`, 401);
    }
  }
}
