import { createHmac, timingSafeEqual } from 'node:crypto';

/** Name of the cookie that lets a returning visitor keep their widget user id. */
export const VISITOR_COOKIE = 'sb_visitor';

const MAX_AGE_S = 365 * 24 * 3600;
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
    const value = parseCookies(cookieHeader ?? '').get(VISITOR_COOKIE);
    if (!value) return undefined;
    const dot = value.lastIndexOf('.');
    const userId = value.slice(0, dot);
    if (dot < 0 || !USER_ID.test(userId)) return undefined;
    const given = Buffer.from(value.slice(dot + 1));
    const expected = Buffer.from(this.sign(userId));
    return given.length === expected.length && timingSafeEqual(given, expected) ? userId : undefined;
  }

  /** The `Set-Cookie` header value that stores `userId`. */
  serialize(userId: string): string {
    const attributes = [`Max-Age=${MAX_AGE_S}`, 'Path=/', 'HttpOnly', 'SameSite=Lax'];
    if (this.secure) attributes.push('Secure');
    return [`${VISITOR_COOKIE}=${userId}.${this.sign(userId)}`, ...attributes].join('; ');
  }

  private sign(userId: string): string {
    return createHmac('sha256', this.secret).update(`visitor:${userId}`).digest('base64url');
  }
}

function parseCookies(header: string): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) cookies.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return cookies;
}
