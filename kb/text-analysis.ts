import type { Stemmer } from 'natural/lib/natural/stemmers';

/*
 * Only the Porter stemmer module is loaded: `require('natural')` would pull in dotenv (which
 * prints to stdout), database clients and much more. The module ships no declaration file,
 * so its shape comes from natural's own stemmer typings.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const porterStemmer: Pick<Stemmer, 'stem'> = require('natural/lib/natural/stemmers/porter_stemmer');

/** Words too common to say anything about an article. */
export const stopWords: ReadonlySet<string> = new Set(
  (
    'a an the and or but if then so to of in on at by for from with about into between ' +
    'i me my mine we us our you your yours he she it its they them their this that these those ' +
    'is are was were be been being am do does did have has had will would shall should can could ' +
    'may might must please pls plz hi hello hey thanks thank just also very really some any ' +
    'there here what which who whom how as than too much many ok okay im id ive not no ' +
    'want wanna need like know instead rather'
  ).split(' '),
);

const contractions: ReadonlyArray<[RegExp, string]> = [
  [/\bwon'?t\b/g, 'will not'],
  [/\bcan'?t\b/g, 'can not'],
  [/\bcannot\b/g, 'can not'],
  [/\b(do|does|did|is|are|was|were|has|have|had|would|could|should|must|ai)n'?t\b/g, '$1 not'],
  [/n't\b/g, ' not'],
  [/'(s|re|ve|ll|d|m)\b/g, ''],
];

const stemCache = new Map<string, string>();
const stemCacheLimit = 100_000;

/**
 * Lowercases, strips accents, unifies apostrophes and expands English contractions
 * (`doesn't` → `does not`, `won't` → `will not`), so negations become the word `not`.
 */
export function foldCaseAccentsAndContractions(text: string): string {
  let result = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`]/g, "'");
  for (const [pattern, replacement] of contractions) result = result.replace(pattern, replacement);
  return result;
}

/** Splits normalised text into word tokens (letters and digits; `e-mail` → `e`, `mail`). */
export function tokenize(normalised: string): string[] {
  return normalised.match(/[a-z0-9]+/g) ?? [];
}

/** Porter stem of a lowercase word (memoised). */
export function stem(word: string): string {
  let stemmed = stemCache.get(word);
  if (stemmed === undefined) {
    stemmed = porterStemmer.stem(word);
    if (stemCache.size >= stemCacheLimit) stemCache.clear();
    stemCache.set(word, stemmed);
  }
  return stemmed;
}

/** Whether a token carries meaning for retrieval (not a stop word, not a lone character). */
export function isContentWord(token: string): boolean {
  return token.length > 1 && !stopWords.has(token);
}

/** Text → stems of its content words, in order (what the index stores for a field). */
export function analyse(text: string): string[] {
  return tokenize(foldCaseAccentsAndContractions(text)).filter(isContentWord).map(stem);
}

/** The index term for two neighbouring stems ("money back" → `money back`). */
export function bigramTerm(first: string, second: string): string {
  return `${first} ${second}`;
}

/** The bigram terms of a stem sequence, in order. */
export function bigrams(stems: readonly string[]): string[] {
  const terms: string[] = [];
  for (let index = 1; index < stems.length; index += 1) terms.push(bigramTerm(stems[index - 1], stems[index]));
  return terms;
}

/**
 * Removes markdown syntax (emphasis, headings, list markers, table bars) and keeps the words.
 * Links keep their text unless `dropLinks` is set: the index drops them because a link's text
 * is usually another article's title, which says nothing about this article.
 */
export function stripMarkdown(markdown: string, options: { dropLinks?: boolean } = {}): string {
  return markdown
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, options.dropLinks ? ' ' : '$1')
    .replace(/^\s{0,3}#{1,6}\s+/gm, '')
    .replace(/^\s*(?:[-*+]|\d+[.)])\s+/gm, '')
    .replace(/[*_`>|]/g, '')
    .replace(/[ \t]+/g, ' ');
}
