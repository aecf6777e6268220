import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { DAY_MS, SECOND_MS } from '../../common/time';
import { UnauthorizedError, UnavailableError } from '../../store/errors';
import { safeEqual } from '../safe-equal';

/** The longest an identity may be valid from now: a page signs it for the visit, not for ever. */
export const MAX_IDENTITY_LIFETIME_MS = DAY_MS;

/** What the shop's page signs: its own customer id, optionally the email and name, and an expiry (seconds since the epoch). */
export const shopIdentityPayloadSchema = z.object({
  userId: z.string().trim().min(1).max(128),
  email: z.email().max(254).optional(),
  name: z.string().trim().min(1).max(100).optional(),
  exp: z.number().int().positive(),
});

/** A customer the shop vouches for, verified. */
export interface ShopIdentity {
  userId: string;
  email?: string;
  name?: string;
  /** When the signature stops vouching for it (ms since the epoch). */
  expiresAt: number;
}

/**
 * The customer identity a shop's page signs for the widget with `SHOP_IDENTITY_SECRET`, as
 * Chatwoot's identity validation does, so the bot may show that customer their orders:
 *
 *   `base64url(JSON payload) + "." + base64url(HMAC-SHA256(secret, base64url(JSON payload)))`
 *
 * (docs/shop-identity.md shows the few lines a shop's server needs). A wrong signature, a
 * malformed payload, an expired one or one valid for longer than {@link MAX_IDENTITY_LIFETIME_MS}
 * is refused with 401; identities sent while no secret is configured with 503.
 */
export class ShopIdentityVerifier {
  constructor(
    private readonly secret: string | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /** The identity in `signed`, verified, and the widget user id it gets. */
  verify(signed: string): { identity: ShopIdentity; userId: string } {
    const identity = this.check(signed);
    return { identity, userId: widgetUserIdOf(identity, this.secret as string) };
  }

  private check(signed: string): ShopIdentity {
    if (!this.secret) throw new UnavailableError('signed customer identities are not accepted: SHOP_IDENTITY_SECRET is not set');
    const [payloadPart, signature, ...rest] = signed.split('.');
    if (!payloadPart || !signature || rest.length > 0 || !safeEqual(signature, signShopIdentity(payloadPart, this.secret))) {
      throw new UnauthorizedError('identity: bad signature');
    }
    const payload = parsePayload(payloadPart);
    const expiresAt = payload.exp * SECOND_MS;
    const now = this.now();
    if (expiresAt <= now) throw new UnauthorizedError('identity: expired');
    if (expiresAt - now > MAX_IDENTITY_LIFETIME_MS) throw new UnauthorizedError('identity: valid for longer than a day');
    return { userId: payload.userId, email: payload.email, name: payload.name, expiresAt };
  }
}

/**
 * The widget user id of a verified shop customer: the same on every device and visit (so the
 * bot knows them as one customer), derived with the secret so nobody can compute another's.
 */
export function widgetUserIdOf(identity: Pick<ShopIdentity, 'userId'>, secret: string): string {
  return `dl_s${createHmac('sha256', secret).update(`shop-user:${identity.userId}`).digest('base64url').slice(0, 24)}`;
}

/** The signature of an identity's payload part (what the shop's server computes). */
export function signShopIdentity(payloadPart: string, secret: string): string {
  return createHmac('sha256', secret).update(payloadPart).digest('base64url');
}

function parsePayload(part: string): z.infer<typeof shopIdentityPayloadSchema> {
  try {
    return shopIdentityPayloadSchema.parse(JSON.parse(Buffer.from(part, 'base64url').toString('utf8')));
  } catch {
    throw new UnauthorizedError('identity: malformed payload');
  }
}
