import type { Knex } from 'knex';
import type { DbAuditRow } from './tables';

/** One audited administrative or agent action (allowed or refused). */
export interface AuditEntry {
  actor: string;
  action: string;
  status: number;
  ip?: string;
  detail?: unknown;
  at?: number;
}

/** Most bytes (UTF-8) of an audit row's `action` and of its `detail` JSON. */
export const AUDIT_TEXT_MAX_BYTES = 1024;

/** What a credential is stored as in the audit detail. */
export const REDACTED_CREDENTIAL = '[redacted]';

// Field names (any case, anywhere in the detail) whose value is a credential: a caller who
// sends the admin key as `?key=` must not leave it readable in the audit log.
const CREDENTIAL_FIELD = /^(key|token|secret|password|authorization)$/i;

/**
 * Appends an entry to the audit log. Credentials in the detail are replaced by
 * {@link REDACTED_CREDENTIAL}; the action (which holds the request path) and the detail are
 * cut to {@link AUDIT_TEXT_MAX_BYTES}, so no request can make a row larger than that.
 */
export async function recordAudit(db: Knex, entry: AuditEntry): Promise<void> {
  await db('audit_log').insert({
    at: entry.at ?? Date.now(),
    actor: entry.actor,
    action: truncateUtf8(entry.action, AUDIT_TEXT_MAX_BYTES),
    status: entry.status,
    ip: entry.ip ?? null,
    detail: entry.detail === undefined ? null : boundedJson(withoutCredentials(entry.detail), AUDIT_TEXT_MAX_BYTES),
  });
}

/** The latest audit entries, newest first. */
export async function listAudit(db: Knex, limit = 100): Promise<DbAuditRow[]> {
  return db<DbAuditRow>('audit_log').orderBy('id', 'desc').limit(limit);
}

/** `value` with the value of every credential-named field replaced, at any depth. */
export function withoutCredentials(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutCredentials);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, CREDENTIAL_FIELD.test(k) ? REDACTED_CREDENTIAL : withoutCredentials(v)]),
  );
}

/**
 * `value` as JSON of at most `maxBytes`: as it is when it fits, otherwise
 * `{"truncated": true, "head": "<the start of the JSON>"}` cut to fit.
 */
export function boundedJson(value: unknown, maxBytes: number): string {
  const json = JSON.stringify(value);
  if (Buffer.byteLength(json) <= maxBytes) return json;
  const wrap = (headBytes: number) => JSON.stringify({ truncated: true, head: truncateUtf8(json, headBytes) });
  // Escaping in the wrapper lengthens the head by a varying amount: search the longest that fits.
  let [fits, tooLong] = [0, maxBytes];
  while (tooLong - fits > 1) {
    const middle = Math.floor((fits + tooLong) / 2);
    if (Buffer.byteLength(wrap(middle)) <= maxBytes) fits = middle;
    else tooLong = middle;
  }
  return wrap(fits);
}

/** The longest start of `text` of at most `maxBytes` UTF-8 bytes, never splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char);
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end);
}
