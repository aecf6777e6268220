import { SHIPPED_LANGUAGES } from '../common/languages';
import { isMessageKey, messagesFor, type Messages } from './messages';

/**
 * The short customer-facing name of an intent, for "did you mean …?" buttons (catalogue key
 * `intents.<intent>`), or the intent name made readable.
 */
export function intentLabel(intent: string, messages: Messages): string {
  const key = `intents.${intent}`;
  return isMessageKey(key) ? messages.text(key) : intent.replace(/_/g, ' ');
}

/** True when `text` is the label of `intent` in any shipped language (a "did you mean …?" button pressed). */
export function isIntentLabel(intent: string, text: string): boolean {
  const typed = text.trim().toLowerCase();
  return SHIPPED_LANGUAGES.some((language) => intentLabel(intent, messagesFor(language)).toLowerCase() === typed);
}

/** Intents whose route is "KB, then ticket": a "No" or a second miss opens a ticket. */
export const KB_THEN_TICKET = new Set([
  'cancel_order',
  'change_order',
  'change_shipping_address',
  'payment_issue',
  'get_refund',
  'track_refund',
  'product_issue',
  'track_order',
  'delete_account',
]);
