import type { WeightedTerm } from './bm25f-index';
import type { ParsedQuery } from './query-parser';
import type { SynonymMap } from './synonym-map';
import { bigramTerm } from './text-analysis';

/** How much each kind of query term counts, relative to a word the customer typed (1). */
export interface QueryTermWeights {
  /** A member of the synonym group of a query word or phrase. */
  synonym: number;
  /** The known word a misspelt query word was corrected to. */
  typo: number;
  /** A word the customer ruled out ("not the refund"): negative, so it penalises. */
  negated: number;
  /** Two neighbouring query words found next to each other in an article ("money back"). */
  bigram: number;
}

/** Defaults: synonyms 0.2, neighbouring word pairs 0.5, corrected typos 0.8, ruled-out words −0.3. */
export const defaultQueryTermWeights: QueryTermWeights = { synonym: 0.2, typo: 0.8, negated: -0.3, bigram: 0.5 };

/** Maps a query word to a stem the index knows, or null when there is none. */
export type StemResolver = (word: string, stemmed: string) => ResolvedStem | null;

/** A stem the index knows, and whether it came from correcting a typo. */
export interface ResolvedStem {
  stem: string;
  corrected: boolean;
}

/**
 * Turns a parsed query into weighted stems: typed words (corrected when misspelt), negated
 * words with a negative weight, pairs of neighbouring words, then synonyms of every
 * non-negated word and phrase.
 * A stem keeps its strongest positive weight; it is negative only if never used positively.
 */
export function buildQueryTerms(
  parsed: ParsedQuery,
  resolve: StemResolver,
  synonyms: SynonymMap,
  weights: QueryTermWeights = defaultQueryTermWeights,
): WeightedTerm[] {
  const termWeights = new Map<string, number>();
  const positiveStems: string[] = [];
  let previous: string | null = null;
  for (const word of parsed.words) {
    const resolved = resolve(word.word, word.stem);
    const stemmed = resolved?.stem ?? word.stem;
    const base = resolved?.corrected ? weights.typo : 1;
    const weight = word.negated ? base * weights.negated : base;
    setStrongest(termWeights, stemmed, weight);
    if (!word.negated && previous !== null) {
      setStrongest(termWeights, bigramTerm(previous, stemmed), weights.bigram);
    }
    if (!word.negated) positiveStems.push(stemmed);
    previous = word.negated ? null : stemmed;
  }
  const groups = new Set<number>(parsed.phraseGroups);
  for (const stemmed of positiveStems) for (const group of synonyms.groupsOf(stemmed)) groups.add(group);
  for (const group of groups) {
    for (const stemmed of synonyms.stemsOf(group)) {
      if (!termWeights.has(stemmed)) termWeights.set(stemmed, weights.synonym);
    }
  }
  return [...termWeights].map(([stem, weight]) => ({ stem, weight }));
}

function setStrongest(termWeights: Map<string, number>, stemmed: string, weight: number): void {
  const current = termWeights.get(stemmed);
  if (current === undefined || weight > current) termWeights.set(stemmed, weight);
}

/** Plain bag of stems, each weighted 1: what the baseline searches with. */
export function plainQueryTerms(parsed: ParsedQuery): WeightedTerm[] {
  return [...new Set(parsed.words.map((word) => word.stem))].map((stem) => ({ stem, weight: 1 }));
}
