import type { Activity } from 'botbuilder';
import type { CustomerTicketStatus } from '../store/ticket-status';
import type { TicketStatus } from '../store/tickets';
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

const STATUS_LINES: Record<TicketStatus, string> = {
  open: 'is open and waiting for the next free person on our team.',
  assigned: 'is with one of our agents.',
  waiting: 'has an answer from our team, who are waiting for your reply.',
  resolved: "is marked as resolved. If it isn't sorted, just write here and it will be reopened.",
  closed: 'is closed. If you still need help, tell me what is wrong and I will open a new one.',
};

/** The answer to {@link isTicketStatusQuestion}: the ticket's status and our team's latest reply. */
export function ticketStatusReply(ticket: CustomerTicketStatus): Partial<Activity> {
  const subject = ticket.subject.length > SUBJECT_CHARS ? `${ticket.subject.slice(0, SUBJECT_CHARS - 1)}…` : ticket.subject;
  const reply = ticket.lastAgentReply
    ? `The latest reply from our team: "${ticket.lastAgentReply.text}"`
    : 'Nobody from our team has replied yet; their answer will appear right here in this chat.';
  return textReply(`Your ticket #${ticket.ticketId} ("${subject}") ${STATUS_LINES[ticket.status]} ${reply}`);
}
