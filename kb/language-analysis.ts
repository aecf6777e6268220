import { parseQuery, type ParsedQuery } from './query-parser';
import { shopSynonyms } from './shop-synonyms';
import { SynonymMap } from './synonym-map';
import { analyse, foldCaseAccentsAndContractions, isContentWord, stem, tokenize } from './text-analysis';

/**
 * How one language's text becomes index terms: the fields of its articles, the customer's
 * query, and the surface words typo correction may correct a query word to.
 */
export interface TextAnalysis {
  /** A field's text → its terms, in order. */
  analyse(text: string): string[];
  /** A query → its content words with their terms (and negation and synonym phrases, where the language reads them). */
  parseQuery(text: string, synonyms: SynonymMap): ParsedQuery;
  /** The content words of a text (typo correction's vocabulary). */
  surfaceWords(text: string): string[];
  /** The term of one surface word. */
  term(word: string): string;
  /** The shop's synonyms in this language. */
  synonyms: SynonymMap;
}

/** English: accents, contractions and negation read, Porter stems, the shop's synonyms. */
export const englishAnalysis: TextAnalysis = {
  analyse,
  parseQuery,
  surfaceWords: (text) => tokenize(foldCaseAccentsAndContractions(text)).filter(isContentWord),
  term: stem,
  synonyms: shopSynonyms,
};

const noSynonyms = new SynonymMap([]);

/** Words too common in German customer questions to say anything about an article. */
const germanStopWords: ReadonlySet<string> = new Set(
  (
    'der die das den dem des ein eine einer einem einen eines und oder aber wenn dann so zu von in im ins an am auf aus bei ' +
    'mit nach fuer ueber unter vor um durch ich mich mir mein meine meinen meinem meiner wir uns unser unsere du dich dir ' +
    'dein deine sie ihr ihre ihren ihnen er es ist sind war waren bin bist sein seine hat habe haben hatte kann koennen ' +
    'koennte moechte will wollen soll sollte muss werden wird wurde bitte danke hallo hi hey wie was wo wer wann warum ' +
    'welche welcher welches nicht kein keine nur auch noch schon sehr mal doch ja nein ok'
  ).split(' '),
);

/** Lower case with umlauts and ß spelled out (`Rücksendung` → `ruecksendung`), other accents dropped. */
export function foldGerman(text: string): string {
  return text
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
}

function germanWords(text: string): string[] {
  return tokenize(foldGerman(text)).filter((word) => word.length > 1 && !germanStopWords.has(word));
}

/** Every word a term of its own: a query word is never negated (contrastive negation is read in English only). */
function plainQuery(words: readonly string[]): ParsedQuery {
  return { words: words.map((word) => ({ word, stem: word, negated: false })), phraseGroups: [] };
}

/** German: lower case and umlaut folding, German stop words; no stemmer (none fits) and no English synonyms. */
export const germanAnalysis: TextAnalysis = {
  analyse: germanWords,
  parseQuery: (text) => plainQuery(germanWords(text)),
  surfaceWords: germanWords,
  term: (word) => word,
  synonyms: noSynonyms,
};

/** A run of Han characters (Chinese has no spaces between words). */
const hanRun = /\p{Script=Han}+/gu;

/**
 * Chinese: each run of Han characters becomes its characters and their bigrams (a word of two
 * characters, the most common length, matches as a bigram; longer ones as overlapping bigrams);
 * Latin letters and digits between them (order numbers, brand names) are words as in German.
 */
function chineseTerms(text: string): string[] {
  const terms: string[] = [];
  for (const run of text.match(hanRun) ?? []) {
    const chars = Array.from(run);
    terms.push(...chars);
    for (let i = 1; i < chars.length; i++) terms.push(chars[i - 1] + chars[i]);
  }
  terms.push(...germanWords(text.replace(hanRun, ' ')));
  return terms;
}

/** Chinese (Simplified): character unigrams and bigrams of Han runs, no spaces needed. */
export const chineseAnalysis: TextAnalysis = {
  analyse: chineseTerms,
  parseQuery: (text) => plainQuery(chineseTerms(text)),
  // Typo correction is for alphabetic words; a Han character has no one-edit neighbours worth trying.
  surfaceWords: (text) => germanWords(text.replace(hanRun, ' ')),
  term: (word) => word,
  synonyms: noSynonyms,
};
