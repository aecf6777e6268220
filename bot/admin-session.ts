import { createHash, randomBytes } from 'node:crypto';
import { parseCookie, stringifySetCookie, type SerializeOptions } from 'cookie';
import type { Knex } from 'knex';
import { HOUR_MS, MINUTE_MS, SECOND_MS } from '../common/time';
import {
  deleteAdminSession,
  deleteExpiredAdminSessions,
  findAdminSession,
  insertAdminSession,
  touchAdminSession,
} from '../store/admin-sessions';

/** Name of the dashboard's session cookie (HttpOnly, SameSite=Strict). */
const ADMIN_COOKIE = 'sb_admin';
/** A session unused this long has ended. */
export const SESSION_IDLE_MS = 30 * MINUTE_MS;
/** A session ends this long after login, however active. */
export const SESSION_ABSOLUTE_MS = 8 * HOUR_MS;
/** Activity is written at most once a minute per session, not on every dashboard request. */
const TOUCH_EVERY_MS = MINUTE_MS;
const attributes: SerializeOptions = { httpOnly: true, sameSite: 'strict', path: '/admin' };

/**
 * The dashboard's admin sessions, kept in the database (`admin_sessions`) so every instance
 * sees a login and a logout: the cookie carries a random token, the table its SHA-256 hash.
 */
export class AdminSessions {
  constructor(
    private readonly db: Knex,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts a session; resolves with the `Set-Cookie` header value that carries it. */
  async start(secure: boolean): Promise<string> {
    const now = this.now();
    await deleteExpiredAdminSessions(this.db, now, now - SESSION_IDLE_MS);
    const token = randomBytes(32).toString('base64url');
    await insertAdminSession(this.db, {
      token_hash: hashOf(token),
      created_at: now,
      last_seen_at: now,
      expires_at: now + SESSION_ABSOLUTE_MS,
    });
    return stringifySetCookie(ADMIN_COOKIE, token, { ...attributes, maxAge: SESSION_ABSOLUTE_MS / SECOND_MS, secure });
  }

  /** Whether a `Cookie` header carries a live session (neither idle nor past its absolute expiry); records the activity. */
  async isValid(cookieHeader: string | undefined): Promise<boolean> {
    const token = tokenOf(cookieHeader);
    if (!token) return false;
    const session = await findAdminSession(this.db, hashOf(token));
    const now = this.now();
    if (!session || now >= session.expires_at || now - session.last_seen_at >= SESSION_IDLE_MS) return false;
    if (now - session.last_seen_at >= TOUCH_EVERY_MS) await touchAdminSession(this.db, session.token_hash, now);
    return true;
  }

  /** Ends the session of a `Cookie` header (logout); resolves with the `Set-Cookie` value that clears it. */
  async end(cookieHeader: string | undefined): Promise<string> {
    const token = tokenOf(cookieHeader);
    if (token) await deleteAdminSession(this.db, hashOf(token));
    return stringifySetCookie(ADMIN_COOKIE, '', { ...attributes, maxAge: 0 });
  }
}

function tokenOf(cookieHeader: string | undefined): string | undefined {
  const value = parseCookie(cookieHeader ?? '')[ADMIN_COOKIE];
  // A token is 43 base64url characters; anything else is not looked up.
  return value && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
}

function hashOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
