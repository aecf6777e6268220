import type { Knex } from 'knex';
import { textReply } from '../../dialogs/reply';
import { messagesFor, type Messages } from '../../dialogs/messages';
import { lastCustomerMessageAt } from '../../store/customer-activity';
import { conversationLanguage } from '../../store/conversations';
import { consentedEmailOf, offerEmail } from '../../store/customer-emails';
import { queueEmail } from '../../store/email-outbox';
import type { DbHandoffRow } from '../../store/handoffs';
import type { CustomerLine } from '../turn/customer-outbox';

/** What became of an agent's reply beyond the chat. */
export type EmailNotice =
  /** The customer is away and has an address on file: the reply is in the outbox and will be emailed. */
  | { email: 'queued'; id: number }
  /** As `queued`, but email is not set up (`SMTP_URL`): the mail stays in the outbox, not sent. */
  | { email: 'not_sent'; id: number; reason: string };

/** Dependencies of {@link EmailFollowUp}. */
export interface EmailFollowUpDeps {
  db: Knex;
  /** A customer with no message for this long is absent (`CUSTOMER_ABSENT_MIN`). */
  customerAbsentMs: number;
  /** True when `SMTP_URL` is set, so queued mails are sent. */
  canSend: boolean;
  /** Wakes the sender up after a mail was queued. */
  onQueued?: () => void;
}

/**
 * The email follow-up of customers nobody can answer now: offers to take an address (out of
 * hours, or when no agent is free) and queues an agent's reply as an email when the customer is
 * absent — no customer message for `CUSTOMER_ABSENT_MIN` — and consented to an address.
 */
export class EmailFollowUp {
  constructor(private readonly deps: EmailFollowUpDeps) {}

  /** Offers to reply by email about `ticketId`, or says the reply will go to the address on file. */
  async offer(line: CustomerLine, ticketId: number): Promise<void> {
    const followUp = await offerEmail(this.deps.db, line.target.customerId, ticketId, Date.now());
    const { messages } = line;
    if (followUp.status === 'consented' && followUp.email) {
      await line.send(textReply(messages.text('email.onFile', { email: followUp.email })));
      return;
    }
    await line.send(textReply(messages.text('email.offer'), { suggestions: [messages.text('email.noThanks')], expectingInput: true }));
  }

  /**
   * After an agent's reply reached the chat: when the customer is absent and has a consented
   * address, queues the reply as an email. Undefined when nothing was queued.
   */
  async afterAgentReply(handoff: DbHandoffRow, customerId: string, agentName: string, text: string): Promise<EmailNotice | undefined> {
    const { db } = this.deps;
    const now = Date.now();
    const lastSeen = await lastCustomerMessageAt(db, customerId);
    if (lastSeen !== undefined && now - lastSeen < this.deps.customerAbsentMs) return undefined;
    const to = await consentedEmailOf(db, customerId);
    if (!to) return undefined;
    const messages = messagesFor(await conversationLanguage(db, handoff.conversation_id));
    const id = await queueEmail(db, {
      customerId,
      ticketId: handoff.ticket_id,
      to,
      subject: messages.text('email.mailSubject', { ticket: handoff.ticket_id }),
      body: emailBody(messages, handoff.ticket_id, agentName, text),
      now,
    });
    if (!this.deps.canSend) return { email: 'not_sent', id, reason: 'email sending is not set up (SMTP_URL)' };
    this.deps.onQueued?.();
    return { email: 'queued', id };
  }
}

/** What an agent is told in their thread about a reply that also went to the outbox. */
export function describeNotice(notice: EmailNotice): string {
  return notice.email === 'queued'
    ? 'The customer is away: this reply was also queued to be emailed to them.'
    : `The customer is away, but this reply was NOT emailed: ${notice.reason}. It waits in the outbox.`;
}

function emailBody(messages: Messages, ticketId: number, agentName: string, text: string): string {
  return [
    messages.text('email.mailHello'),
    '',
    messages.text('email.mailIntro', { agent: agentName, ticket: ticketId }),
    '',
    text,
    '',
    messages.text('email.mailAnswerInChat'),
    messages.text('email.mailWhy'),
  ].join('\n');
}
