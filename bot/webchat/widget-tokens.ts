import { localeSchema } from '../locale-schema';
import { randomBytes } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { UnauthorizedError } from '../../store/errors';
import { bearerToken } from '../bearer-token';
import type { ShopIdentity } from './shop-identity';

/** Lifetime of a widget token in seconds (the widget refreshes it every 15 minutes). */
export const WIDGET_TOKEN_TTL_S = 1800;

/** `iss` of widget tokens. */
export const WIDGET_TOKEN_ISSUER = 'support-bot';

/** `aud` of widget tokens: they are good for the built-in Direct Line endpoint only. */
export const WIDGET_TOKEN_AUDIENCE = 'support-bot:directline';

/** Verified tokens kept (about 0.5 kB each); the oldest goes first. */
const MAX_VERIFIED_TOKENS = 10_000;

const claimsSchema = z
  .object({
    sub: z.string().regex(/^dl_[A-Za-z0-9_-]{8,64}$/),
    cid: z.string().min(1).max(64).optional(),
    /** The shop's signed customer identity, verified when the token was first issued. */
    idn: z
      .object({ uid: z.string().max(128), em: z.string().max(254).optional(), nm: z.string().max(100).optional(), exp: z.number() })
      .optional(),
    /** The browser's interface locale the widget sent for the token (the greeting's language). */
    lc: localeSchema.optional(),
    iat: z.number(),
    exp: z.number(),
  })
  // A token signed with the secret but for longer than the widget's lifetime is refused too.
  .refine((c) => c.exp - c.iat <= WIDGET_TOKEN_TTL_S, 'exp: at most the token lifetime after iat');

/** What a valid widget token grants: a user id and, when bound, one conversation. */
export interface WidgetGrant {
  userId: string;
  /** Set on conversation-bound tokens: the only conversation the token opens. */
  conversationId?: string;
  /** The customer the shop's page signed (bot/webchat/shop-identity.ts), until it expires. */
  identity?: ShopIdentity;
  /** The browser's interface locale: the greeting goes out before the customer wrote anything. */
  locale?: string;
}

function identityClaim(identity: ShopIdentity) {
  return {
    uid: identity.userId,
    ...(identity.email ? { em: identity.email } : {}),
    ...(identity.name ? { nm: identity.name } : {}),
    exp: Math.floor(identity.expiresAt / 1000),
  };
}

/** A fresh, server-chosen widget user id (`dl_` + random, as Azure Direct Line requires too). */
export function newWidgetUserId(): string {
  return `dl_${randomBytes(12).toString('base64url')}`;
}

/**
 * Issues and verifies the widget's bearer tokens: HS256 JWTs signed with `WEBCHAT_SECRET`,
 * bound to a user id the server chose and optionally to one conversation.
 */
export class WidgetTokens {
  private readonly key: Uint8Array;
  /**
   * Tokens this process verified, until they expire: the widget sends the same token with
   * every post and every poll, and checking the signature each time was a measurable share of
   * a Direct Line turn. Keyed by the whole token, so only the exact verified string hits.
   */
  private readonly verified = new Map<string, { grant: WidgetGrant; expiresAtMs: number }>();

  constructor(
    secret: string,
    /** Clock in milliseconds (tests move it to issue already expired tokens). */
    private readonly now: () => number = Date.now,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  /** Signs a token for `grant`, valid for {@link WIDGET_TOKEN_TTL_S} seconds. */
  async issue(grant: WidgetGrant): Promise<string> {
    const issuedAt = Math.floor(this.now() / 1000);
    // `user` is where Web Chat and Direct Line clients read the user id from a token.
    const claims = {
      user: grant.userId,
      ...(grant.conversationId ? { cid: grant.conversationId } : {}),
      ...(grant.identity ? { idn: identityClaim(grant.identity) } : {}),
      ...(grant.locale ? { lc: grant.locale } : {}),
    };
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(grant.userId)
      .setIssuer(WIDGET_TOKEN_ISSUER)
      .setAudience(WIDGET_TOKEN_AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + WIDGET_TOKEN_TTL_S)
      .sign(this.key);
  }

  /** Verifies a token; a missing, forged, malformed or expired token throws {@link UnauthorizedError}. */
  async verify(token: string): Promise<WidgetGrant> {
    const known = this.verified.get(token);
    if (known && this.now() < known.expiresAtMs) return known.grant;
    this.verified.delete(token);
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer: WIDGET_TOKEN_ISSUER,
        audience: WIDGET_TOKEN_AUDIENCE,
        currentDate: new Date(this.now()),
        requiredClaims: ['iat', 'exp'],
      });
      const claims = claimsSchema.parse(payload);
      const grant: WidgetGrant = { userId: claims.sub, conversationId: claims.cid, ...(claims.lc ? { locale: claims.lc } : {}) };
      // A refreshed token keeps the user id; it vouches for the shop's customer only until the shop's signature expires.
      if (claims.idn && claims.idn.exp * 1000 > this.now()) {
        grant.identity = { userId: claims.idn.uid, email: claims.idn.em, name: claims.idn.nm, expiresAt: claims.idn.exp * 1000 };
      }
      this.remember(token, grant, claims.exp * 1000);
      return grant;
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new UnauthorizedError('token expired');
      throw new UnauthorizedError('invalid token');
    }
  }

  private remember(token: string, grant: WidgetGrant, tokenExpiresAtMs: number): void {
    // Cached no longer than the identity it carries is valid.
    const expiresAtMs = Math.min(tokenExpiresAtMs, grant.identity?.expiresAt ?? tokenExpiresAtMs);
    this.verified.set(token, { grant, expiresAtMs });
    if (this.verified.size > MAX_VERIFIED_TOKENS) this.verified.delete(this.verified.keys().next().value as string);
  }

  /** Verifies the `Authorization: Bearer …` header value. */
  async verifyHeader(header: string | undefined): Promise<WidgetGrant> {
    const token = bearerToken(header);
    if (!token) throw new UnauthorizedError('missing bearer token');
    return this.verify(token);
  }
}
