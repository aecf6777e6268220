import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';

/** The tenant and the tab's app registration the SSO tests sign tokens for. */
export const SSO_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const SSO_CLIENT_ID = '5b1c1a4e-3c8e-4f0a-9d51-6d7e8f9a0b1c';

/** How a test token differs from a valid one. */
export interface SsoTokenOptions {
  claims?: JWTPayload & Record<string, unknown>;
  /** Signs with this key instead of the published one (a forged token). */
  key?: CryptoKey;
  /** `setExpirationTime` input; a past time makes an expired token. */
  expires?: string | number;
}

/**
 * A stand-in for Microsoft Entra on 127.0.0.1: publishes a JWKS with our own RSA key and
 * signs Teams SSO tokens (v2 form) as `authentication.getAuthToken()` would return them.
 */
export class FakeEntra {
  private server?: http.Server;
  private privateKey?: CryptoKey;
  readonly kid = 'entra-test-key';

  async start(): Promise<void> {
    const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
    this.privateKey = privateKey;
    const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: this.kid, use: 'sig', alg: 'RS256' }] });
    this.server = http.createServer((req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.statusCode = req.url === '/keys' ? 200 : 404;
      res.end(req.url === '/keys' ? jwks : '{}');
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  get jwksUrl(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/keys`;
  }

  /** The environment that points the app's Teams SSO at this issuer. */
  env(): Record<string, string> {
    return { TEAMS_SSO_CLIENT_ID: SSO_CLIENT_ID, MicrosoftAppTenantId: SSO_TENANT, TEAMS_SSO_JWKS_URL: this.jwksUrl };
  }

  /** A token for the Entra user `oid`, valid unless `options` say otherwise. */
  async token(oid: string, options: SsoTokenOptions = {}): Promise<string> {
    return new SignJWT({ oid, tid: SSO_TENANT, name: `User ${oid}`, ver: '2.0', ...options.claims })
      .setProtectedHeader({ alg: 'RS256', kid: this.kid, typ: 'JWT' })
      .setIssuer(String(options.claims?.iss ?? `https://login.microsoftonline.com/${SSO_TENANT}/v2.0`))
      .setAudience(options.claims?.aud ?? SSO_CLIENT_ID)
      .setIssuedAt()
      .setExpirationTime(options.expires ?? '1h')
      .sign(options.key ?? this.privateKey!);
  }

  async stop(): Promise<void> {
    if (this.server) await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}
