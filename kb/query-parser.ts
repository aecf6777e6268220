import type { SynonymMap } from './synonym-map';
import { foldCaseAccentsAndContractions, isContentWord, stem } from './text-analysis';

/** One content word of a query. */
export interface QueryWord {
  /** The word as typed (normalised), kept for typo correction. */
  word: string;
  stem: string;
  /** True when the customer said they do NOT mean this ("not the refund but …"). */
  negated: boolean;
}

/** A query split into content words, plus the synonym phrases it contains. */
export interface ParsedQuery {
  words: QueryWord[];
  /** Synonym groups triggered by multi-word phrases outside negated parts. */
  phraseGroups: number[];
}

const clauseBreaks = new Set(['.', ',', ';', '!', '?', 'but', 'and', 'or', 'so', 'because']);
const contrastWords = new Set(['but', 'rather', 'instead']);
const negators = new Set(['not', 'no', 'never']);
/** How far after a negator a contrast word may come for "not X but Y" to count. */
const contrastReach = 6;

/**
 * Splits a query into content words and marks the ones the customer rules out.
 *
 * Negation is only read where it is contrastive, because "not working" or "hasn't arrived"
 * describe the problem rather than exclude a topic:
 * - "not X but Y", "no X, rather Y", "not X … instead": X is negated;
 * - "instead of X", "rather than X": X (up to the end of the clause) is negated.
 * A negator that is part of a synonym phrase ("not working") never negates.
 */
export function parseQuery(text: string, synonyms: SynonymMap): ParsedQuery {
  const tokens = foldCaseAccentsAndContractions(text).match(/[a-z0-9]+|[.,;!?]/g) ?? [];
  const stems = tokens.map((token) => (/^[a-z0-9]/.test(token) ? stem(token) : token));
  const phrases = synonyms.findPhrases(stems);
  const inPhrase = new Uint8Array(tokens.length);
  for (const phrase of phrases) inPhrase.fill(1, phrase.start, phrase.end);
  const negated = markNegated(tokens, inPhrase);

  const words: QueryWord[] = [];
  tokens.forEach((token, index) => {
    if (isContentWord(token) && /^[a-z0-9]/.test(token)) {
      words.push({ word: token, stem: stems[index], negated: negated[index] === 1 });
    }
  });
  const phraseGroups = phrases.filter((phrase) => negated[phrase.start] === 0).map((phrase) => phrase.group);
  return { words, phraseGroups };
}

function markNegated(tokens: readonly string[], inPhrase: Uint8Array): Uint8Array {
  const negated = new Uint8Array(tokens.length);
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index];
    const next = tokens[index + 1];
    if ((token === 'instead' && next === 'of') || (token === 'rather' && next === 'than')) {
      markUntilBreak(tokens, negated, index + 2);
    } else if (negators.has(token) && inPhrase[index] === 0) {
      const contrastAt = findContrast(tokens, index + 1);
      if (contrastAt !== -1) negated.fill(1, index + 1, contrastAt);
    }
  }
  return negated;
}

function markUntilBreak(tokens: readonly string[], negated: Uint8Array, from: number): void {
  for (let index = from; index < tokens.length && !clauseBreaks.has(tokens[index]); index += 1) {
    negated[index] = 1;
  }
}

/** Position of the "but"/"rather"/"instead" that closes "not X …", or -1 when there is none. */
function findContrast(tokens: readonly string[], from: number): number {
  const limit = Math.min(tokens.length, from + contrastReach + 1);
  for (let index = from; index < limit; index += 1) {
    const token = tokens[index];
    if (contrastWords.has(token)) return index;
    if (token === ',' && contrastWords.has(tokens[index + 1] ?? '')) return index;
    if (token === '.' || token === ';' || token === '?' || token === '!') return -1;
  }
  return -1;
}
