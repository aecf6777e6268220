import { createHmac } from 'node:crypto';
import { parseCookie, stringifySetCookie, type SerializeOptions } from 'cookie';
import { HOUR_MS, SECOND_MS } from '../common/time';
import { safeEqual } from './safe-equal';

/** Name of the dashboard's session cookie (HttpOnly, SameSite=Strict). */
const ADMIN_COOKIE = 'sb_admin';
const SESSION_MS = 8 * HOUR_MS;
const attributes: SerializeOptions = { httpOnly: true, sameSite: 'strict', path: '/admin' };

/** The `Set-Cookie` header value carrying a fresh admin session. */
export function adminSessionCookie(adminKey: string, secure: boolean): string {
  return stringifySetCookie(ADMIN_COOKIE, newSession(adminKey), { ...attributes, maxAge: SESSION_MS / SECOND_MS, secure });
}

/** The `Set-Cookie` header value that ends the admin session (logout). */
export function clearedAdminSessionCookie(): string {
  return stringifySetCookie(ADMIN_COOKIE, '', { ...attributes, maxAge: 0 });
}

/** Whether a `Cookie` header carries an unexpired session signed with `adminKey`. */
export function hasValidAdminSession(cookieHeader: string | undefined, adminKey: string, now: number): boolean {
  const value = parseCookie(cookieHeader ?? '')[ADMIN_COOKIE];
  if (!value) return false;
  const [expiresText, signature] = value.split('.');
  const expires = Number(expiresText);
  if (!Number.isFinite(expires) || expires < now || !signature) return false;
  return safeEqual(signature, sign(adminKey, expires));
}

/** A signed session value, `<expires>.<HMAC(expires)>` keyed with the admin key. */
function newSession(adminKey: string): string {
  const expires = Date.now() + SESSION_MS;
  return `${expires}.${sign(adminKey, expires)}`;
}

function sign(adminKey: string, expires: number): string {
  return createHmac('sha256', adminKey).update(`admin-session:${expires}`).digest('base64url');
}
