import { z } from 'zod';
import type { DbCustomerEmailRow } from '../store/customer-emails';
import type { DecisionBuilder } from './decision';
import { isCatalogueText } from './messages';
import { textReply } from './reply';

const YES = /^(yes|y|yeah|yep|sure|ok|okay|please do)\b/i;
const NO = /^(no|n|nope|nah|no thanks|don'?t)\b/i;
/** Something the customer meant as an address: a word with an @ in it. */
const ADDRESS_LIKE = /[^\s<>()"',;]*@[^\s<>()"',;]*/;
const emailSchema = z.email();

/** A message the email follow-up answers, instead of the rest of the dialog. */
export type EmailAnswer =
  { kind: 'address'; email: string } | { kind: 'bad_address'; typed: string } | { kind: 'consent'; yes: boolean } | { kind: 'decline' };

/**
 * What a message means to a pending email offer: an address (valid or not), a yes/no to the
 * consent question, or "no thanks" to the offer. Undefined when there is no pending offer or
 * the message is about something else (the customer is never trapped in the offer).
 */
export function emailAnswerOf(followUp: DbCustomerEmailRow | undefined, text: string): EmailAnswer | undefined {
  if (!followUp || (followUp.status !== 'offered' && followUp.status !== 'confirming') || !text) return undefined;
  const found = ADDRESS_LIKE.exec(text)?.[0];
  const typed = found?.replace(/[.!?]+$/, '');
  // "it's ada@example.com" answers the offer; a longer message naming an address (an order
  // lookup, a question) is about something else.
  if (found && typed && wordsBesides(text, found) <= MAX_WORDS_AROUND_ADDRESS) {
    const parsed = emailSchema.safeParse(typed);
    return parsed.success && typed.length <= 254 ? { kind: 'address', email: typed.toLowerCase() } : { kind: 'bad_address', typed };
  }
  const short = text.split(/\s+/).length <= 4;
  const yes = YES.test(text) || isCatalogueText('common.yes', text);
  const no = NO.test(text) || isCatalogueText('common.no', text);
  if (followUp.status === 'confirming' && short && (yes || no)) return { kind: 'consent', yes };
  if (followUp.status === 'offered' && short && (no || isCatalogueText('email.noThanks', text))) return { kind: 'decline' };
  return undefined;
}

/** At most this many other words around an address that answers the offer. */
const MAX_WORDS_AROUND_ADDRESS = 4;

function wordsBesides(text: string, part: string): number {
  return text.replace(part, ' ').split(/\s+/).filter(Boolean).length;
}

/** Answers the customer about their email follow-up and records the change (as an effect). */
export function answerEmail(turn: DecisionBuilder, followUp: DbCustomerEmailRow, answer: EmailAnswer): void {
  const { customerId } = turn.message;
  const { messages } = turn;
  const now = Date.now();
  const ticket =
    followUp.ticket_id === null ? messages.text('email.yourTicket') : messages.text('email.ticketNumber', { ticket: followUp.ticket_id });
  switch (answer.kind) {
    case 'address':
      turn.change({ type: 'email', change: { op: 'propose', customerId, email: answer.email, now } });
      turn.say(
        textReply(messages.text('email.askConsent', { email: answer.email, ticket }), {
          suggestions: [messages.text('common.yes'), messages.text('common.no')],
          expectingInput: true,
        }),
      );
      return;
    case 'bad_address':
      turn.say(
        textReply(messages.text('email.badAddress', { typed: answer.typed }), {
          suggestions: [messages.text('email.noThanks')],
          expectingInput: true,
        }),
      );
      return;
    case 'consent':
      if (answer.yes) {
        turn.change({ type: 'email', change: { op: 'consent', customerId, now } });
        turn.say(textReply(messages.text('email.consented', { ticket, email: followUp.email ?? messages.text('email.thatAddress') })));
        return;
      }
      turn.change({ type: 'email', change: { op: 'decline', customerId, now } });
      turn.say(textReply(messages.text('email.consentDeclined')));
      return;
    case 'decline':
      turn.change({ type: 'email', change: { op: 'decline', customerId, now } });
      turn.say(textReply(messages.text('email.offerDeclined')));
  }
}
