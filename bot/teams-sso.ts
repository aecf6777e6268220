import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { UnauthorizedError, UnavailableError } from '../store/errors';

/** What the agent tab's Teams SSO tokens must carry (DESIGN.md, `TEAMS_SSO_CLIENT_ID`). */
export interface TeamsSsoSettings {
  /** The Entra app registration of the tab: the token's audience. */
  clientId: string;
  /** `MicrosoftAppTenantId`: the only tenant (`tid`) whose users may sign in. */
  tenantId: string;
  /** Where the signing keys are published (Entra's, or a local JWKS in tests). */
  jwksUrl: string;
  /** The bot's public origin: with it, `api://<host>/<clientId>` is accepted as audience too. */
  publicUrl?: string;
}

/** The signed-in Teams user of a valid token. */
export interface TeamsSsoUser {
  /** The Entra object id (`oid`): the same id Teams gives the agent in activities. */
  oid: string;
  name: string;
}

const claimsSchema = z.object({
  oid: z.string().min(1).max(64),
  name: z.string().max(255).optional(),
  preferred_username: z.string().max(255).optional(),
});

/**
 * Validates the tokens `authentication.getAuthToken()` gives the agent tab inside Teams:
 * RS256 signature by a key of the JWKS, issuer of the configured tenant (Entra v2 or v1 form),
 * `tid`, audience and expiry.
 */
export class TeamsSsoVerifier {
  private readonly keys: JWTVerifyGetKey;
  private readonly audiences: string[];
  private readonly issuers: string[];

  constructor(private readonly settings: TeamsSsoSettings) {
    this.keys = createRemoteJWKSet(new URL(settings.jwksUrl));
    const host = settings.publicUrl ? new URL(settings.publicUrl).hostname : undefined;
    this.audiences = [settings.clientId, ...(host ? [`api://${host}/${settings.clientId}`] : [])];
    this.issuers = [`https://login.microsoftonline.com/${settings.tenantId}/v2.0`, `https://sts.windows.net/${settings.tenantId}/`];
  }

  /**
   * The user of a valid token. Throws `UnauthorizedError` (401) naming what is wrong with the
   * token, `UnavailableError` (503) when the key set cannot be fetched.
   */
  async verify(token: string): Promise<TeamsSsoUser> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        algorithms: ['RS256'],
        audience: this.audiences,
        issuer: this.issuers,
        requiredClaims: ['exp', 'tid', 'oid'],
      }));
    } catch (error) {
      throw refusal(error);
    }
    if (payload.tid !== this.settings.tenantId) throw new UnauthorizedError('Teams sign-in refused: token of another tenant');
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) throw new UnauthorizedError('Teams sign-in refused: token without a valid oid');
    const { oid, name, preferred_username: username } = claims.data;
    return { oid, name: name ?? username ?? 'An agent' };
  }
}

function refusal(error: unknown): Error {
  const keysUnavailable = error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid;
  if (keysUnavailable || !(error instanceof errors.JOSEError)) {
    return new UnavailableError('Teams sign-in is unavailable: the signing keys could not be fetched');
  }
  if (error instanceof errors.JWTExpired) return new UnauthorizedError('Teams sign-in refused: token expired');
  if (error instanceof errors.JWTClaimValidationFailed)
    return new UnauthorizedError(`Teams sign-in refused: ${error.claim} claim is wrong`);
  return new UnauthorizedError('Teams sign-in refused: token invalid or not signed by Microsoft Entra');
}
