import { createHmac } from 'node:crypto';
import { parseCookie, stringifySetCookie } from 'cookie';
import { DAY_MS, SECOND_MS } from '../../common/time';
import { safeEqual } from '../safe-equal';

/** Name of the cookie that lets a returning visitor keep their widget user id. */
export const VISITOR_COOKIE = 'sb_visitor';

const MAX_AGE_S = (365 * DAY_MS) / SECOND_MS;
const USER_ID = /^dl_[A-Za-z0-9_-]{8,64}$/;

/**
 * The signed visitor cookie: `<userId>.<HMAC-SHA256(userId)>` keyed with `WEBCHAT_SECRET`,
 * HttpOnly and SameSite=Lax, so a visitor cannot choose someone else's user id.
 */
export class VisitorCookie {
  constructor(
    private readonly secret: string,
    /** Adds `Secure` (set in production, where the site is served over https). */
    private readonly secure: boolean,
  ) {}

  /** The user id from a valid cookie in a `Cookie` header; undefined when absent or forged. */
  read(cookieHeader: string | undefined): string | undefined {
    const value = parseCookie(cookieHeader ?? '')[VISITOR_COOKIE];
    if (!value) return undefined;
    const dot = value.lastIndexOf('.');
    const userId = value.slice(0, dot);
    if (dot < 0 || !USER_ID.test(userId)) return undefined;
    return safeEqual(value.slice(dot + 1), this.sign(userId)) ? userId : undefined;
  }

  /** The `Set-Cookie` header value that stores `userId`. */
  serialize(userId: string): string {
    return stringifySetCookie(VISITOR_COOKIE, `${userId}.${this.sign(userId)}`, {
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
