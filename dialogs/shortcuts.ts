import { foldPhrase, wordCount } from '../common/phrase-patterns';
import type { CardAction } from './cards';
import { isIntentLabel } from './intent-labels';
import { isCatalogueText } from './messages';
import { emailIn } from './order-status';
import type { SupportState } from './state';
import type { PendingSurvey } from '../store/feedback';
import type { DbCustomerEmailRow } from '../store/customer-emails';
import type { CustomerTicketStatus } from '../store/ticket-status';
import type { EmailAnswer } from './email-capture';
import type { CustomerMessage } from './decision';
import type { Language } from '../common/languages';
import { typedAnswersOf } from './typed-answers';

/** A message the dialog answers without the NLU (a card button, a quick reply, an answer to the bot's question). */
export type Shortcut =
  | { kind: 'order_email'; email: string }
  | { kind: 'action'; action: CardAction }
  | { kind: 'person' }
  | { kind: 'help' }
  | { kind: 'rating'; rating: number; survey: PendingSurvey }
  | { kind: 'confirm'; yes: boolean }
  | { kind: 'email'; followUp: DbCustomerEmailRow; answer: EmailAnswer }
  | { kind: 'kb_vote'; articleId: string; yes: boolean }
  | { kind: 'clarified'; intent: string }
  | { kind: 'ticket_status'; ticket: CustomerTicketStatus };

/**
 * A yes: typed in the message's language or English (typed-answers/), or the "Yes" quick reply of
 * any shipped language. "ok", "ok bye", "thanks" close a conversation: they are not a yes.
 */
export function isYes(text: string, language: Language): boolean {
  return typedAnswersOf(language).isYes(text) || isCatalogueText('common.yes', text);
}

/** A no: typed in the message's language or English, or the "No" quick reply of any shipped language. */
export function isNo(text: string, language: Language): boolean {
  return typedAnswersOf(language).isNo(text) || isCatalogueText('common.no', text);
}

/** A message that only asks what the bot can do (the manifest's `help` command). */
const HELP = /^\/?(help|menu|\?)[.!?]*$/i;

/** The shortcut a message is, given the dialog state (a typed survey rating aside, which needs the database). */
export function shortcutOf(message: CustomerMessage, state: SupportState): Shortcut | undefined {
  if (message.action) return { kind: 'action', action: message.action };
  const text = message.text;
  if (!text) return undefined;
  const yes = isYes(text, message.language);
  const yesOrNo = yes || isNo(text, message.language);
  if (isCatalogueText('topics.person', text)) return { kind: 'person' };
  if (HELP.test(text)) return { kind: 'help' };
  if (state.confirm && yesOrNo) return { kind: 'confirm', yes };
  const email = state.order?.awaitingEmail ? emailIn(text) : undefined;
  if (email) return { kind: 'order_email', email };
  if (state.kb && yesOrNo && wordCount(foldPhrase(text)) <= 3) return { kind: 'kb_vote', articleId: state.kb.articleId, yes };
  const chosen = state.clarify?.options.find((o) => isIntentLabel(o, text));
  return chosen ? { kind: 'clarified', intent: chosen } : undefined;
}
