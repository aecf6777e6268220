import {
  type Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext,
} from 'botbuilder';
import { AuthenticationError, type AuthenticateRequestResult, type ServiceClientCredentialsFactory } from 'botframework-connector';
import type { Config } from './config';
import type { Logger } from './logger';

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
 * The CloudAdapter. With no credentials it runs in local development mode: incoming requests
 * are not authenticated and replies go to the activity's `serviceUrl` unauthenticated.
 */
export function createAdapter(config: Config, logger: Logger, overrides: AdapterOverrides = {}): CloudAdapter {
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
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    logger.error({ err: error, activityType: context.activity.type }, 'turn failed');
    if (context.activity.type === 'message') {
      await context
        .sendActivity('Sorry, something went wrong on our side. Please try again in a moment.')
        .catch((sendError: unknown) => logger.warn({ err: sendError }, 'could not send the error notice'));
    }
  };
  return adapter;
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
