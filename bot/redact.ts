const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// 13–19 digits, optionally grouped by spaces or dashes: payment card numbers.
const CARD = /\b(?:\d[ -]?){12,18}\d\b/g;
// International or local phone numbers: an optional +, then 7+ digits with separators.
const PHONE = /(?<![\w-])\+?\d[\d ().-]{6,}\d(?![\w-])/g;

/** Replaces emails, card numbers and phone numbers in free text with placeholders. */
export function redactText(text: string): string {
  return text.replace(EMAIL, '[email]').replace(CARD, '[card]').replace(PHONE, '[phone]');
}

/** Deeply redacts every string inside a log object (arrays and plain objects). */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  if (value instanceof Error) return { type: value.name, message: redactText(value.message), stack: value.stack };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = redactValue(v, depth + 1);
  return out;
}
