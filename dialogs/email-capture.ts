import { z } from 'zod';
import type { DbCustomerEmailRow } from '../store/customer-emails';
import type { DecisionBuilder } from './decision';
import { isCatalogueText } from './messages';
import { textReply } from './reply';
import type { Language } from '../common/languages';
import { foldPhrase, wordCount } from '../common/phrase-patterns';
import { typedAnswersOf } from './typed-answers';

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
export function emailAnswerOf(followUp: DbCustomerEmailRow | undefined, text: string, language: Language): EmailAnswer | undefined {
  if (!followUp || (followUp.status !== 'offered' && followUp.status !== 'confirming')) return undefined;
  const shape = replyShapeOf(text, language);
  if (shape === undefined || shape.kind === 'address' || shape.kind === 'bad_address') return shape;
  if (followUp.status === 'confirming' && (shape.yes || shape.no)) return { kind: 'consent', yes: shape.yes };
  if (followUp.status === 'offered' && (shape.no || shape.noEmail)) return { kind: 'decline' };
  return undefined;
}

/**
 * Whether a message has the shape of an answer to an email offer (an address with at most a
 * few words around it, or a short yes or no): only then can {@link emailAnswerOf} find one, so
 * the turn looks the customer's follow-up up only for such messages.
 */
export function mayAnswerEmailOffer(text: string, language: Language): boolean {
  return replyShapeOf(text, language) !== undefined;
}

/** A short reply's yes, no and "no thanks", whatever the offer's status. */
type ShortReply = { kind: 'short'; yes: boolean; no: boolean; noEmail: boolean };

/** The part of {@link emailAnswerOf} that reads only the text. */
function replyShapeOf(
  text: string,
  language: Language,
): Extract<EmailAnswer, { kind: 'address' | 'bad_address' }> | ShortReply | undefined {
  if (!text) return undefined;
  const found = ADDRESS_LIKE.exec(text)?.[0];
  const typed = found?.replace(/[.!?]+$/, '');
  // "it's ada@example.com" answers the offer; a longer message naming an address (an order
  // lookup, a question) is about something else.
  if (found && typed && wordsBesides(text, found) <= MAX_WORDS_AROUND_ADDRESS) {
    const parsed = emailSchema.safeParse(typed);
    return parsed.success && typed.length <= 254 ? { kind: 'address', email: typed.toLowerCase() } : { kind: 'bad_address', typed };
  }
  if (wordCount(foldPhrase(text)) > MAX_SHORT_REPLY_WORDS) return undefined;
  const answers = typedAnswersOf(language);
  const reply = {
    kind: 'short' as const,
    yes: answers.isEmailYes(text) || isCatalogueText('common.yes', text),
    no: answers.isEmailNo(text) || isCatalogueText('common.no', text),
    noEmail: isCatalogueText('email.noThanks', text),
  };
  return reply.yes || reply.no || reply.noEmail ? reply : undefined;
}

/** At most this many words in a yes or no to the offer ("no thanks, not needed"). */
const MAX_SHORT_REPLY_WORDS = 4;

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
