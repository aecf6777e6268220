import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ServiceClientCredentialsFactory, type ServiceClientCredentials } from 'botframework-connector';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import type { AppOptions } from '../../bot/app';
import { startTestApp, type TestApp } from './test-app';

/** The issuer Bot Framework channels put in their tokens. */
export const CHANNEL_ISSUER = 'https://api.botframework.com';

/**
 * A stand-in for the Bot Framework's token service on 127.0.0.1: serves an OpenID
 * configuration and a JWKS with our own RSA key, and signs channel tokens with it, so JWT
 * validation is exercised for real and offline.
 */
export class FakeIdentityProvider {
  private server?: http.Server;
  private privateKey?: CryptoKey;
  private jwks?: object;
  readonly kid = 'test-key-1';

  async start(): Promise<void> {
    const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
    this.privateKey = privateKey;
    this.jwks = {
      keys: [
        { ...(await exportJWK(publicKey)), kid: this.kid, use: 'sig', alg: 'RS256', endorsements: ['webchat', 'msteams', 'directline'] },
      ],
    };
    this.server = http.createServer((req, res) => {
      res.setHeader('Content-Type', 'application/json');
      if (req.url === '/.well-known/openid-configuration') {
        res.end(
          JSON.stringify({ issuer: CHANNEL_ISSUER, jwks_uri: `${this.base}/keys`, id_token_signing_alg_values_supported: ['RS256'] }),
        );
      } else if (req.url === '/keys') {
        res.end(JSON.stringify(this.jwks));
      } else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  get base(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  get metadataUrl(): string {
    return `${this.base}/.well-known/openid-configuration`;
  }

  /**
   * A channel token for `appId` bound to `serviceUrl`, as the Bot Connector would send;
   * `expiresAt` (seconds since the epoch) moves its expiry, e.g. into the past.
   */
  async channelToken(appId: string, serviceUrl: string, key: CryptoKey | undefined = this.privateKey, expiresAt?: number): Promise<string> {
    return new SignJWT({ serviceurl: serviceUrl })
      .setProtectedHeader({ alg: 'RS256', kid: this.kid })
      .setIssuer(CHANNEL_ISSUER)
      .setAudience(appId)
      .setIssuedAt(expiresAt === undefined ? undefined : expiresAt - 300)
      .setExpirationTime(expiresAt ?? '5m')
      .sign(key as CryptoKey);
  }

  async stop(): Promise<void> {
    if (this.server) await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}

/** Outgoing-call credentials that need no Azure AD: requests to the fake connector are unsigned. */
export class NoAzureCredentialsFactory extends ServiceClientCredentialsFactory {
  constructor(private readonly appId: string) {
    super();
  }
  async isValidAppId(appId: string): Promise<boolean> {
    return appId === this.appId;
  }
  async isAuthenticationDisabled(): Promise<boolean> {
    return false;
  }
  async createCredentials(): Promise<ServiceClientCredentials> {
    return { signRequest: async (request) => request } as ServiceClientCredentials;
  }
}

/** Adapter overrides that validate channel tokens against `identity` and send replies unsigned. */
export function offlineBotAuth(identity: FakeIdentityProvider, appId: string): NonNullable<AppOptions['adapterOverrides']> {
  return {
    auth: {
      ToBotFromChannelOpenIdMetadataUrl: identity.metadataUrl,
      ToBotFromChannelTokenIssuer: CHANNEL_ISSUER,
      ToBotFromEmulatorOpenIdMetadataUrl: identity.metadataUrl,
    },
    credentialsFactory: new NoAzureCredentialsFactory(appId),
  };
}

/** A test app with Bot Framework credentials whose channel tokens `identity` signs. */
export async function startCredentialedApp(
  identity: FakeIdentityProvider,
  appId: string,
  env: Record<string, string> = {},
): Promise<TestApp> {
  return startTestApp({
    env: { ...env, MicrosoftAppId: appId, MicrosoftAppPassword: 'not-used-offline' },
    adapterOverrides: offlineBotAuth(identity, appId),
  });
}
