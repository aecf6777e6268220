const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// Candidates only: 13–19 digits, optionally grouped by single spaces or dashes, not inside a
// longer word or number. `isCardNumber` decides.
const CARD_CANDIDATE = /(?<![\w.+-])\d(?:[ -]?\d){12,18}(?![\w-]|\.\d)/g;
// Candidates only: an optional +, digits grouped by spaces, dashes, dots or parentheses, not
// inside an address (`127.0.0.1:5432`), a path or a longer word. `isPhoneNumber` decides.
const PHONE_CANDIDATE = /(?<![\w.:/+-])(?:\+|\(\d)?\d[\d ().-]*\d(?![\w:/-]|[.,]\d)/g;

/** Replaces emails, card numbers and phone numbers in free text with placeholders. */
export function redactText(text: string): string {
  return text
    .replace(EMAIL, '[email]')
    .replace(CARD_CANDIDATE, (m) => (isCardNumber(m) ? '[card]' : m))
    .replace(PHONE_CANDIDATE, (m) => (isPhoneNumber(m) ? '[phone]' : m));
}

/**
 * A payment card number: 13–19 digits passing the Luhn check, from a card issuer's range (2–6;
 * 13 digits only for Visa's 4). Millisecond timestamps (13 digits starting with 1) are not.
 */
export function isCardNumber(candidate: string): boolean {
  const digits = candidate.replace(/[ -]/g, '');
  if (digits.length < 13 || digits.length > 19 || !/^[2-6]/.test(digits)) return false;
  if (digits.length === 13 && digits[0] !== '4') return false;
  return luhnValid(digits);
}

/**
 * A phone number: `+` and 8–15 digits, or a national number: grouped digits (8–15 of them,
 * not a date or a dotted address) or an unbroken run that starts with a trunk `0` (9–12 digits)
 * or is a ten-digit North American number (area codes start with 2–9, so second and
 * millisecond timestamps, which start with 1, are not).
 */
export function isPhoneNumber(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, '');
  if (candidate.startsWith('+')) return digits.length >= 8 && digits.length <= 15;
  if (/^\d+$/.test(candidate)) return /^0\d{8,11}$/.test(candidate) || /^[2-9]\d{9}$/.test(candidate);
  if (digits.length < 8 || digits.length > 15) return false;
  const groups = candidate.split(/[ ().-]+/).filter(Boolean);
  const isDate = groups.length === 3 && /^\d{4}[-./]\d{1,2}[-./]\d{1,2}$|^\d{1,2}[-./]\d{1,2}[-./]\d{4}$/.test(candidate);
  const isDottedAddress = /^\d{1,3}(\.\d{1,3}){3}$/.test(candidate);
  return !isDate && !isDottedAddress;
}

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * An error as logged: its type, code, and message and stack with personal data redacted.
 * Driver fields that repeat bound values (PostgreSQL's `detail`, `where`, `parameters`) are
 * left out; knex is opened with `compileSqlOnError: false` (store/db.ts), so the SQL it writes
 * into the message carries placeholders, not the values.
 */
export function redactError(error: Error): Record<string, unknown> {
  const code = (error as { code?: unknown }).code;
  return {
    type: error.name,
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    message: redactText(error.message),
    stack: redactText(error.stack ?? `${error.name}: ${error.message}`),
  };
}

/** Deeply redacts every string inside a log object (arrays and plain objects). */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  if (value instanceof Error) return redactError(value);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = redactValue(v, depth + 1);
  return out;
}
