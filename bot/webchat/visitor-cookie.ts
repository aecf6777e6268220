import { createHmac } from 'node:crypto';
import { parseCookie, stringifySetCookie } from 'cookie';
import { DAY_MS, SECOND_MS } from '../../common/time';
import { safeEqual } from '../safe-equal';

/** Name of the cookie that lets a returning visitor keep their widget user id. */
export const VISITOR_COOKIE = 'sb_visitor';

const MAX_AGE_S = (365 * DAY_MS) / SECOND_MS;
const USER_ID = /^dl_[A-Za-z0-9_-]{8,64}$/;

/**
 * The signed visitor id: `<userId>.<HMAC-SHA256(userId)>` keyed with `WEBCHAT_SECRET`, so a
 * visitor cannot choose someone else's user id. It travels in an HttpOnly, SameSite=Lax cookie
 * on the bot's own pages, and as a "visitor token" the widget keeps in its own storage: in a
 * frame on a shop's domain the browser does not send the bot's cookies.
 */
export class VisitorCookie {
  constructor(
    private readonly secret: string,
    /** Adds `Secure` (set in production, where the site is served over https). */
    private readonly secure: boolean,
  ) {}

  /** The user id from a valid cookie in a `Cookie` header; undefined when absent or forged. */
  read(cookieHeader: string | undefined): string | undefined {
    return this.verify(parseCookie(cookieHeader ?? '')[VISITOR_COOKIE]);
  }

  /** The user id of a signed visitor token; undefined when absent, malformed or forged. */
  verify(value: string | undefined): string | undefined {
    if (!value) return undefined;
    const dot = value.lastIndexOf('.');
    const userId = value.slice(0, dot);
    if (dot < 0 || !USER_ID.test(userId)) return undefined;
    return safeEqual(value.slice(dot + 1), this.sign(userId)) ? userId : undefined;
  }

  /** The signed visitor token of `userId` (what the cookie holds and the widget stores). */
  tokenOf(userId: string): string {
    return `${userId}.${this.sign(userId)}`;
  }

  /** The `Set-Cookie` header value that stores `userId`. */
  serialize(userId: string): string {
    return stringifySetCookie(VISITOR_COOKIE, this.tokenOf(userId), {
      maxAge: MAX_AGE_S,
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: this.secure,
    });
  }

  private sign(userId: string): string {
    return createHmac('sha256', this.secret).update(`visitor:${userId}`).digest('base64url');
  }
}
