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

/**
 * Money amounts in every shipped language's way of writing them: the forms of
 * {@link moneyPattern} and a currency sign, code or word after the amount, with a decimal
 * comma or point (`49,90 €`, `€ 49.90`, `49,90 Euro`, `49.90欧元`, `100元`, `20块`). The
 * English normaliser keeps {@link moneyPattern}, the one its model was trained with.
 */
export const amountPattern =
  /[$€£¥]\s?\d(?:[\d.,]*\d)?|\b\d(?:[\d.,]*\d)?\s?(?:[$€£¥](?![\w$€£¥])|(?:usd|eur|gbp|chf|dollars?|euros?|pounds?|bucks)\b|欧元|美元|英镑|人民币|块钱|块|元)/gi;

const germanMonthNames =
  'jan(?:uar)?|j[aä]n(?:ner)?|feb(?:ruar)?|m[aä]rz|apr(?:il)?|mai|juni?|juli?|aug(?:ust)?|sep(?:t(?:ember)?)?|okt(?:ober)?|nov(?:ember)?|dez(?:ember)?';

/** German dates: "3. Dezember", "am 3.12.", "heute", "morgen" (not "Guten Morgen"), "nächste Woche". */
export const germanDatePattern = new RegExp(
  [
    String.raw`(?<![\p{L}\d])\d{1,2}\.\s?(?:${germanMonthNames})(?![\p{L}])(?:\s+\d{4})?`,
    String.raw`(?<![\p{L}\d.])\d{1,2}\.\d{1,2}\.(?!\d)`,
    String.raw`(?<![\p{L}])(?:heute|übermorgen|uebermorgen|(?<!guten\s)morgen|vorgestern|gestern|(?:nächste[nrs]?|naechste[nrs]?|letzte[nrs]?|diese[nrs]?)\s+(?:woche|monat|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag))(?![\p{L}])`,
  ].join('|'),
  'giu',
);

/** Chinese dates: "12月3日", "2026年12月3日", "明天", "下周一". */
export const chineseDatePattern =
  /(?:\d{4}年)?\d{1,2}月\d{1,2}[日号]|今天|明天|后天|昨天|前天|(?:下|上|这|本)个?(?:周|星期|礼拜)[一二三四五六日天]?|(?:下|上|这|本)个月/g;
