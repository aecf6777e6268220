import porterStemmer from 'natural/lib/natural/stemmers/porter_stemmer';

import { moneyPattern } from './patterns';
import { numberPattern, placeholders, replaceStructuredValues } from './placeholders';
import { cachedStemmer } from './stem-cache';
import type { TextAnalyser } from './text-analyser';
import { charTerms } from './text-terms';

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
function normaliseWithPlaceholders(text: string): string {
  let s = replaceStructuredValues(text, moneyPattern).toLowerCase();
  for (const [pattern, replacement] of contractions) s = s.replace(pattern, replacement);
  return s
    .replace(numberPattern, ` ${placeholders.number} `)
    .replace(numberWords, ` ${placeholders.number} `)
    .replace(/[^a-z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Words that say nothing about what a message is about: a message made only of these and
 * unknown words ("blorf wimble the snargle") has no recoverable meaning.
 */
const englishFunctionWords = new Set(
  (
    'a an the and or but if so of to in on at by for from with about into over under up down out ' +
    'off as than then too very just also not no yes i me my mine we us our you your he him his she ' +
    'her it its they them their this that these those there here what which who whom whose when ' +
    'where why how is am are was were be been being do does did have has had having will would ' +
    'shall should can could may might must all any some each every both either neither more most ' +
    'such own same other again once only'
  ).split(' '),
);

/** English: contractions expanded, Porter stems, character 3–5-grams. */
export const englishAnalyser: TextAnalyser = {
  language: 'en',
  normalise: normaliseWithPlaceholders,
  stem: cachedStemmer((token) => porterStemmer.stem(token)),
  charTerms,
  charTermsPerWord: true,
  functionWords: englishFunctionWords,
};
