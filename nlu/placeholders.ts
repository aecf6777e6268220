import { emailPattern, orderNumberPattern, phonePattern } from './patterns';

/** Placeholder tokens that stand for structured values after normalisation. */
export const placeholders = {
  orderNumber: 'zzordernumber',
  email: 'zzemail',
  money: 'zzmoney',
  phone: 'zzphone',
  number: 'zznumber',
} as const;

/** Numbers left after the structured values are replaced (with an English ordinal suffix). */
export const numberPattern = /\d+(?:[.,]\d+)*(?:st|nd|rd|th)?/g;

/**
 * Replaces e-mails, order numbers, money amounts (`money`: the language's amount pattern)
 * and phone numbers with placeholders, spaced off from the words around them.
 */
export function replaceStructuredValues(text: string, money: RegExp): string {
  return text
    .replace(emailPattern, ` ${placeholders.email} `)
    .replace(orderNumberPattern, ` ${placeholders.orderNumber} `)
    .replace(money, ` ${placeholders.money} `)
    .replace(phonePattern, ` ${placeholders.phone} `);
}
