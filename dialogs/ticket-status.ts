import type { Activity } from 'botbuilder';
import type { CustomerTicketStatus } from '../store/ticket-status';
import type { TicketStatus } from '../store/tickets';
import type { MessageKey, Messages } from './messages';
import { textReply } from './reply';

// "did anyone answer my ticket?", "any news on my case?", "has someone replied yet": a question
// about a ticket already opened, told apart from asking for a new one ("open a ticket") and
// from news about an order or a refund (the NLU's questions).
const TICKET_WORD = /\b(ticket|case|enquiry|inquiry)\b/i;
const STATUS_WORD =
  /\b(status|update[sd]?|news|progress|hear|heard|answer(ed|s)?|repl(y|ied|ies)|respond(ed)?|response|get back|got back|any(one|body)|some(one|body)|happen(ing|ed)?)\b/i;
const ASKED_FOR_NEWS = /\b(did|has|have) (any|some)(one|body) (answer|repl|respond|got? back|look|writ|wrote|check)/i;

/** Longest part of a ticket's subject quoted back to the customer. */
const SUBJECT_CHARS = 80;

/** True when the customer asks what became of a ticket or request they already made. */
export function isTicketStatusQuestion(text: string): boolean {
  return (TICKET_WORD.test(text) && STATUS_WORD.test(text)) || ASKED_FOR_NEWS.test(text);
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
