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

/** Appends an entry to the audit log. */
export async function recordAudit(db: Knex, entry: AuditEntry): Promise<void> {
  await db('audit_log').insert({
    at: entry.at ?? Date.now(),
    actor: entry.actor,
    action: entry.action,
    status: entry.status,
    ip: entry.ip ?? null,
    detail: entry.detail === undefined ? null : JSON.stringify(entry.detail),
  });
}

/** The latest audit entries, newest first. */
export async function listAudit(db: Knex, limit = 100): Promise<DbAuditRow[]> {
  return db<DbAuditRow>('audit_log').orderBy('id', 'desc').limit(limit);
}
