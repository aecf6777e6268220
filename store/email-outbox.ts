import type { Knex } from 'knex';
import { MINUTE_MS, SECOND_MS } from '../common/time';

/** pending (waiting for a send or a retry) → sent; or failed after {@link MAX_EMAIL_ATTEMPTS}. */
export type EmailOutboxStatus = 'pending' | 'sent' | 'failed';

/** One email to a customer (`email_outbox`). */
export interface DbEmailOutboxRow {
  id: number;
  customer_id: string;
  ticket_id: number | null;
  to_address: string;
  subject: string;
  body: string;
  status: EmailOutboxStatus;
  attempts: number;
  next_attempt_at: number;
  lease_owner: string | null;
  lease_until: number | null;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
}

/** An email to queue. */
export interface NewEmail {
  customerId: string;
  ticketId: number | null;
  to: string;
  subject: string;
  body: string;
  now: number;
}

/** After this many refused attempts a mail is `failed` and no longer retried. */
export const MAX_EMAIL_ATTEMPTS = 8;
/** The first retry waits this long; each later one twice as long as the one before. */
export const FIRST_RETRY_MS = 30 * SECOND_MS;
const LONGEST_RETRY_MS = 60 * MINUTE_MS;

/** When a mail refused `attempts` times is tried again: exponential backoff, at most an hour. */
export function retryAt(attempts: number, now: number): number {
  return now + Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
}

/** Queues an email; the sender picks it up at once. Returns its id. */
export async function queueEmail(db: Knex, mail: NewEmail): Promise<number> {
  const [row] = await db('email_outbox')
    .insert({
      customer_id: mail.customerId,
      ticket_id: mail.ticketId,
      to_address: mail.to,
      subject: mail.subject,
      body: mail.body,
      status: 'pending' satisfies EmailOutboxStatus,
      attempts: 0,
      next_attempt_at: mail.now,
      created_at: mail.now,
    })
    .returning<Array<{ id: number }>>('id');
  return row.id;
}

/**
 * Leases due pending mails to `owner` for `leaseMs`. A mail leased by another live sender is not
 * returned, so two instances never send the same mail; a sender that died mid-send loses its
 * lease and the mail passes to the next claimer. One UPDATE takes the lease: SQLite runs it
 * atomically, and PostgreSQL re-checks its conditions on a row another sender just leased.
 */
export async function claimDueEmails(db: Knex, owner: string, now: number, leaseMs: number, limit = 10): Promise<DbEmailOutboxRow[]> {
  const due = (q: Knex.QueryBuilder) =>
    q
      .where({ status: 'pending' })
      .where('next_attempt_at', '<=', now)
      .andWhere((w) => w.whereNull('lease_until').orWhere('lease_until', '<', now));
  const leaseUntil = now + leaseMs;
  await due(db('email_outbox'))
    .whereIn('id', due(db('email_outbox').select('id')).orderBy('next_attempt_at').limit(limit))
    .update({ lease_owner: owner, lease_until: leaseUntil });
  return db<DbEmailOutboxRow>('email_outbox').where({ status: 'pending', lease_owner: owner, lease_until: leaseUntil }).orderBy('id');
}

/** Marks a leased mail sent; false when the lease was lost (another sender took it over). */
export async function markEmailSent(db: Knex, id: number, owner: string, now: number): Promise<boolean> {
  const updated = await db('email_outbox')
    .where({ id, lease_owner: owner, status: 'pending' })
    .update({ status: 'sent', sent_at: now, lease_owner: null, lease_until: null, last_error: null });
  return updated === 1;
}

/** Records a refused send: retried with backoff, or `failed` after {@link MAX_EMAIL_ATTEMPTS}. */
export async function markEmailRefused(db: Knex, mail: DbEmailOutboxRow, owner: string, error: string, now: number): Promise<void> {
  const attempts = mail.attempts + 1;
  await db('email_outbox')
    .where({ id: mail.id, lease_owner: owner, status: 'pending' })
    .update({
      attempts,
      status: attempts >= MAX_EMAIL_ATTEMPTS ? 'failed' : 'pending',
      next_attempt_at: retryAt(attempts, now),
      last_error: error.slice(0, 500),
      lease_owner: null,
      lease_until: null,
    });
}

/** A ticket's emails, oldest first (what the agent sees of them). */
export async function emailsOfTicket(db: Knex, ticketId: number): Promise<DbEmailOutboxRow[]> {
  return db<DbEmailOutboxRow>('email_outbox').where({ ticket_id: ticketId }).orderBy('id');
}
