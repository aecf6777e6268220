import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import nodemailer from 'nodemailer';
import { MINUTE_MS, SECOND_MS } from '../../common/time';
import { claimDueEmails, markEmailRefused, markEmailSent } from '../../store/email-outbox';
import type { Logger } from '../logger';

/** Sends one email; rejects when the server refuses it. */
export interface MailTransport {
  sendMail(mail: { from: string; to: string; subject: string; text: string; messageId: string }): Promise<unknown>;
}

/**
 * A nodemailer SMTP transport for `SMTP_URL` that never reads files or URLs a mail names. Its
 * timeouts end a stuck send well within a sender's lease, so no other sender takes the mail over
 * while it may still go out.
 */
export function smtpTransport(smtpUrl: string): MailTransport {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: 20 * SECOND_MS,
    greetingTimeout: 20 * SECOND_MS,
    socketTimeout: 40 * SECOND_MS,
  });
  return {
    sendMail: (mail) => transport.sendMail({ ...mail, disableFileAccess: true, disableUrlAccess: true }),
  };
}

/** How long a claimed mail is this sender's before another may take it over. */
const SEND_LEASE_MS = 2 * MINUTE_MS;

/**
 * Sends the email outbox (store/email-outbox.ts): claims due mails under a lease, sends each,
 * marks it sent, or records the refusal for a retry with backoff. Every instance may run one:
 * the lease gives each mail to one sender at a time. A crash between the server's acceptance
 * and the mark can resend once after the lease; the fixed Message-ID lets mail systems drop
 * that duplicate.
 */
export class EmailSender {
  private readonly owner = randomUUID();
  private running?: Promise<number>;

  constructor(
    private readonly db: Knex,
    private readonly transport: MailTransport,
    private readonly from: string,
    private readonly logger: Logger,
    private readonly leaseMs = SEND_LEASE_MS,
  ) {}

  /** Sends every due mail once; resolves with how many were sent. A call during a run joins it. */
  sendDue(now = Date.now()): Promise<number> {
    this.running ??= this.run(now).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Resolves once a run in progress has finished (for a graceful shutdown). */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  private async run(now: number): Promise<number> {
    const due = await claimDueEmails(this.db, this.owner, now, this.leaseMs);
    let sent = 0;
    for (const mail of due) {
      try {
        await this.transport.sendMail({
          from: this.from,
          to: mail.to_address,
          subject: mail.subject,
          text: mail.body,
          messageId: `<outbox-${mail.id}@support-bot>`,
        });
      } catch (error) {
        // The server's reply may quote the address: it is stored (covered by erasure), not logged.
        await markEmailRefused(this.db, mail, this.owner, (error as Error).message, now);
        this.logger.warn({ emailId: mail.id, attempts: mail.attempts + 1 }, 'email: the SMTP server refused a mail; retrying later');
        continue;
      }
      if (await markEmailSent(this.db, mail.id, this.owner, now)) sent++;
    }
    return sent;
  }
}
