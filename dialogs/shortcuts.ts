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

/** A text that starts with one of `words` as a word of its own (`\b` knows no umlauts). */
const startingWith = (words: string) => new RegExp(`^(?:${words})(?![\\p{L}\\p{N}_])`, 'iu');
/** A Chinese answer that is only one of `words`, perhaps with a thanks (Chinese has no spaces to end a word at). */
const onlyChinese = (words: string) => new RegExp(`^(?:${words})(?:[\\s,，、]*(?:谢谢|多谢)[您你]?)?[\\s。.!！~～]*$`, 'u');

// "ok", "ok bye", "thanks" (and "好的", "danke") close a conversation: they are not a "Yes, that solved it".
const YES = [
  startingWith('yes|y|yeah|yep|yup|sure|please|ja|jawohl|jep|jap|klar|gerne|genau'),
  onlyChinese('是的?|对的?|嗯+|有帮助|有用|解决了'),
];
const NO = [
  startingWith('no|n|nope|not really|nah|nein|nee|nö|nicht wirklich|leider nicht'),
  onlyChinese('否|不是?|不对|没有?(?:帮助|用)?|没解决'),
];

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

/** A yes: typed in a shipped language, or the "Yes" quick reply of any shipped language. */
export function isYes(text: string): boolean {
  return YES.some((yes) => yes.test(text.trim())) || isCatalogueText('common.yes', text);
}

/** A no: typed in a shipped language, or the "No" quick reply of any shipped language. */
export function isNo(text: string): boolean {
  return NO.some((no) => no.test(text.trim())) || isCatalogueText('common.no', text);
}

/** A message that only asks what the bot can do (the manifest's `help` command). */
const HELP = /^\/?(help|menu|\?)[.!?]*$/i;

/** The shortcut a message is, given the dialog state (a typed survey rating aside, which needs the database). */
export function shortcutOf(message: CustomerMessage, state: SupportState): Shortcut | undefined {
  if (message.action) return { kind: 'action', action: message.action };
  const text = message.text;
  if (!text) return undefined;
  const yes = isYes(text);
  const yesOrNo = yes || isNo(text);
  if (isCatalogueText('topics.person', text)) return { kind: 'person' };
  if (HELP.test(text)) return { kind: 'help' };
  if (state.confirm && yesOrNo) return { kind: 'confirm', yes };
  const email = state.order?.awaitingEmail ? emailIn(text) : undefined;
  if (email) return { kind: 'order_email', email };
  if (state.kb && yesOrNo && text.split(/\s+/).length <= 3) return { kind: 'kb_vote', articleId: state.kb.articleId, yes };
  const chosen = state.clarify?.options.find((o) => isIntentLabel(o, text));
  return chosen ? { kind: 'clarified', intent: chosen } : undefined;
}
