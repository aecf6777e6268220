import type { CustomerMessage } from './decision';
import type { DialogEffect } from './effects';
import type { Understanding } from './ports';
import { CLARIFY_MARGIN } from './routing';
import type { SupportState } from './state';

// What a turn tells the learning loop (issue 15): messages to review and examples customers
// suggest. Suggestions only wait for an admin: a customer never teaches the bot alone.

/** Review signals of a classified message: out of scope, or its top two intents close. */
export function understandingSignals(message: CustomerMessage, u: Understanding): DialogEffect[] {
  const close = u.alternatives.some((a) => a.intent !== u.intent) && u.margin < CLARIFY_MARGIN;
  const reason = u.outOfScope ? 'out_of_scope' : close ? 'small_margin' : undefined;
  return reason ? [review(message, message.messageId, reason, null)] : [];
}

/** The customer chose `intent` when asked "A or B?": the question goes to review with a suggestion. */
export function clarifyChoiceSignals(
  message: CustomerMessage,
  clarify: NonNullable<SupportState['clarify']>,
  intent: string,
): DialogEffect[] {
  if (clarify.messageId === undefined) return [];
  return [
    review(message, clarify.messageId, 'clarify_choice', intent),
    suggest(message, clarify.messageId, clarify.text, intent, 'clarify_choice'),
  ];
}

/**
 * The customer's verdict on a KB answer: a "No" sends the question to review; a "Yes" to the
 * first answer shown suggests the question as an example of its intent.
 */
export function kbVerdictSignals(message: CustomerMessage, pending: SupportState['kb'], helpful: boolean): DialogEffect[] {
  if (pending?.messageId === undefined) return [];
  if (!helpful) return [review(message, pending.messageId, 'kb_no', null)];
  const first = pending.shownIds.length === 1;
  return first && pending.intent ? [suggest(message, pending.messageId, pending.query, pending.intent, 'kb_yes')] : [];
}

function review(
  message: CustomerMessage,
  messageId: number,
  reason: 'out_of_scope' | 'small_margin' | 'kb_no' | 'clarify_choice',
  label: string | null,
): DialogEffect {
  return { type: 'review', signal: { messageId, conversationId: message.conversationId, reason, label, now: Date.now() } };
}

function suggest(
  message: CustomerMessage,
  messageId: number,
  text: string,
  intent: string,
  source: 'clarify_choice' | 'kb_yes',
): DialogEffect {
  const { conversationId, customerId } = message;
  return { type: 'suggest', suggestion: { text, intent, source, conversationId, messageId, customerId, now: Date.now() } };
}
