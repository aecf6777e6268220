/**
 * Regular expressions for the structured values customers type. Shared by the normaliser
 * (which replaces them with placeholders) and the entity extractor (which reports them).
 * Every pattern is global; callers must reset `lastIndex` or use `matchAll`/`replace`.
 */

/** Order numbers such as `PP-204811` (2–4 letters, a dash, 4–10 digits). */
export const orderNumberPattern = /\b[A-Za-z]{2,4}-\d{4,10}\b/g;

/** E-mail addresses. */
export const emailPattern = /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b/g;

/** Money: a currency sign or code before or after an amount (`$25`, `25.50 EUR`, `€ 9,99`). */
export const moneyPattern =
  /(?:[$€£¥]\s?\d[\d,]*(?:\.\d{1,2})?|\b\d[\d,]*(?:\.\d{1,2})?\s?(?:usd|eur|gbp|dollars?|euros?|pounds?|bucks)\b)/gi;

/** Phone numbers: optional +country, then 8+ digits with spaces, dots, dashes or brackets. */
export const phonePattern = /(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?)?\d{2,4}[\s.-]\d{2,4}[\s.-]\d{3,4}\b/g;

/**
 * Phone numbers with the area code in brackets and two groups after it, `(555) 123-4567`:
 * found as entities only (the normaliser's placeholders, which the model was trained on, use
 * {@link phonePattern} alone).
 */
export const bracketedPhonePattern = /(?:\+\d{1,3}[\s.-]?)?\(\d{2,4}\)[\s.-]?\d{3,4}[\s.-]\d{3,4}\b/g;

const monthNames =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';

/** Dates: ISO, numeric, "3 March", "March 3rd", and relative day words. */
export const datePattern = new RegExp(
  [
    String.raw`\b\d{4}-\d{2}-\d{2}\b`,
    String.raw`\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b`,
    String.raw`\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:${monthNames})\b(?:\s+\d{4})?`,
    // A year, but not the start of an ISO date that follows ("March 3rd, 2026-03-03").
    String.raw`\b(?:${monthNames})\s+\d{1,2}(?:st|nd|rd|th)?\b(?:,?\s+\d{4}(?![-/.]\d))?`,
    String.raw`\b(?:today|tomorrow|yesterday|(?:last|next|this)\s+(?:week|month|monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b`,
  ].join('|'),
  'gi',
);
