import { createHmac } from 'node:crypto';
import { MINUTE_MS } from '../../common/time';
import { safeEqual } from '../safe-equal';

/** How long a photo link works without an agent's sign-in. */
export const PHOTO_LINK_TTL_MS = 15 * MINUTE_MS;

/** What a photo link's signature says: good, good but past its expiry, or not ours. */
export type PhotoLinkCheck = 'valid' | 'expired' | 'invalid';

/** A photo link's query: its expiry (ms since the epoch) and signature. */
export interface PhotoLinkQuery {
  exp?: unknown;
  sig?: unknown;
}

/**
 * Short-lived signed links to customers' photos (`/agent/photos/:id?exp=…&sig=…`), for the
 * ticket card in Teams and the agent tab's `<img>` tags, which cannot send a bearer token. A link
 * opens the photo for {@link PHOTO_LINK_TTL_MS}; after that only with an agent's sign-in. The
 * HMAC key is derived from `WEBCHAT_SECRET`, so every instance signs and checks the same links.
 */
export class PhotoLinks {
  private readonly key: Buffer;

  constructor(
    secret: string,
    /** `PUBLIC_URL`: without it there are no absolute links (a Teams card needs one). */
    private readonly publicUrl?: string,
    private readonly ttlMs: number = PHOTO_LINK_TTL_MS,
  ) {
    this.key = createHmac('sha256', secret).update('support-bot photo links v1').digest();
  }

  /** The signed path of a photo, valid until `now` + the link lifetime. */
  path(photoId: number, now: number = Date.now()): string {
    const exp = now + this.ttlMs;
    return `/agent/photos/${photoId}?exp=${exp}&sig=${this.sign(photoId, exp)}`;
  }

  /** The signed absolute link (for a Teams card), or undefined when `PUBLIC_URL` is unset. */
  absolute(photoId: number, now: number = Date.now()): string | undefined {
    return this.publicUrl === undefined ? undefined : new URL(this.path(photoId, now), this.publicUrl).toString();
  }

  /** Checks a link's query for the photo `photoId` at `now`. */
  check(photoId: number, query: PhotoLinkQuery, now: number = Date.now()): PhotoLinkCheck {
    const { exp, sig } = query;
    if (typeof exp !== 'string' || typeof sig !== 'string' || !/^\d{1,16}$/.test(exp)) return 'invalid';
    if (!safeEqual(sig, this.sign(photoId, Number(exp)))) return 'invalid';
    return Number(exp) > now ? 'valid' : 'expired';
  }

  private sign(photoId: number, exp: number): string {
    return createHmac('sha256', this.key).update(`${photoId}.${exp}`).digest('base64url');
  }
}
