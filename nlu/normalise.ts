import porterStemmer from 'natural/lib/natural/stemmers/porter_stemmer';

import { emailPattern, moneyPattern, orderNumberPattern, phonePattern } from './patterns';

/** Placeholder tokens that stand for structured values after normalisation. */
export const placeholders = {
  orderNumber: 'zzordernumber',
  email: 'zzemail',
  money: 'zzmoney',
  phone: 'zzphone',
  number: 'zznumber',
} as const;

const placeholderSet = new Set<string>(Object.values(placeholders));

const contractions: ReadonlyArray<[RegExp, string]> = [
  [/\bcan['’]?t\b/g, 'can not'],
  [/\bwon['’]t\b/g, 'will not'],
  [/\bain['’]t\b/g, 'is not'],
  [/\b(\w+)n['’]t\b/g, '$1 not'],
  [/\b(i|you|we|they|who)['’]ve\b/g, '$1 have'],
  [/\b(i|you|we|they|he|she|it|who|that|there)['’]ll\b/g, '$1 will'],
  [/\b(i|you|we|they|he|she|who)['’]d\b/g, '$1 would'],
  [/\b(you|we|they|who)['’]re\b/g, '$1 are'],
  [/\bi['’]m\b/g, 'i am'],
  [/\bim\b/g, 'i am'],
  [/\b(it|that|there|what|where|how|who|he|she)['’]s\b/g, '$1 is'],
  [/['’]s\b/g, ''],
];

const numberWords = /\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|hundred|thousand)\b/g;

/**
 * Lower-cases a message, replaces order numbers, e-mails, money, phone numbers and other
 * numbers with placeholders, expands contractions and keeps only letters, digits and spaces.
 */
export function normaliseWithPlaceholders(text: string): string {
  let s = text
    .replace(emailPattern, ` ${placeholders.email} `)
    .replace(orderNumberPattern, ` ${placeholders.orderNumber} `)
    .replace(moneyPattern, ` ${placeholders.money} `)
    .replace(phonePattern, ` ${placeholders.phone} `)
    .toLowerCase();
  for (const [pattern, replacement] of contractions) s = s.replace(pattern, replacement);
  return s
    .replace(/\d+(?:[.,]\d+)*(?:st|nd|rd|th)?/g, ` ${placeholders.number} `)
    .replace(numberWords, ` ${placeholders.number} `)
    .replace(/[^a-z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const stemCache = new Map<string, string>();

/** Porter stem of one lower-case token; placeholders are kept as they are. */
export function stemToken(token: string): string {
  if (placeholderSet.has(token)) return token;
  let stem = stemCache.get(token);
  if (stem === undefined) {
    stem = porterStemmer.stem(token);
    if (stemCache.size < 200_000) stemCache.set(token, stem);
  }
  return stem;
}

/** Stemmed word tokens of an already normalised text. */
export function stemmedTokens(normalised: string): string[] {
  return normalised.length === 0 ? [] : normalised.split(' ').map(stemToken);
}
