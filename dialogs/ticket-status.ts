import type { Activity } from 'botbuilder';
import type { CustomerTicketStatus } from '../store/ticket-status';
import type { TicketStatus } from '../store/tickets';
import type { MessageKey, Messages } from './messages';
import { textReply } from './reply';
import type { Language } from '../common/languages';
import { typedAnswersOf } from './typed-answers';

/** Longest part of a ticket's subject quoted back to the customer. */
const SUBJECT_CHARS = 80;

/**
 * True when the customer asks what became of a ticket or request they already made ("did anyone
 * answer my ticket?", "Gibt es Neuigkeiten zu meinem Ticket?", "我的工单有进展吗"), in the
 * message's language or English (typed-answers/), told apart from asking for a new one ("open a
 * ticket") and from news about an order or a refund (the NLU's questions).
 */
export function isTicketStatusQuestion(text: string, language: Language): boolean {
  return typedAnswersOf(language).isTicketStatusQuestion(text);
}

const STATUS_LINES: Record<TicketStatus, MessageKey> = {
  open: 'ticketStatus.open',
  assigned: 'ticketStatus.assigned',
  waiting: 'ticketStatus.waiting',
  resolved: 'ticketStatus.resolved',
  closed: 'ticketStatus.closed',
};

/** The answer to {@link isTicketStatusQuestion}: the ticket's status and our team's latest reply. */
export function ticketStatusReply(ticket: CustomerTicketStatus, messages: Messages): Partial<Activity> {
  const subject = ticket.subject.length > SUBJECT_CHARS ? `${ticket.subject.slice(0, SUBJECT_CHARS - 1)}…` : ticket.subject;
  const status = messages.text(STATUS_LINES[ticket.status], { ticket: ticket.ticketId, subject });
  const reply = ticket.lastAgentReply
    ? messages.text('ticketStatus.latestReply', { text: ticket.lastAgentReply.text })
    : messages.text('ticketStatus.noReply');
  return textReply(`${status} ${reply}`);
}
