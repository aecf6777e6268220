import { TypoMatcher } from '../kb/typo-matcher';
import { placeholders } from './placeholders';
import type { TextAnalyser } from './text-analyser';

/** Placeholders that carry meaning on their own (an order number alone asks about that order). */
const meaningfulPlaceholders = new Set<string>([placeholders.orderNumber, placeholders.email]);
/** Numbers, amounts and phone numbers say nothing about the request by themselves. */
const vaguePlaceholders = new Set<string>(Object.values(placeholders).filter((p) => !meaningfulPlaceholders.has(p)));

/** Shortest word a typo may be matched to: a short nonsense token is one edit from many short words. */
const minTypoTargetLength = 5;
/** Shortest misspelt word that is matched at all. */
const minTypoLength = 4;
/** Training messages a word must appear in to be a typo target: a word seen once may itself be a typo. */
const minTypoTargetMessages = 2;

/**
 * The content words of the in-scope training messages, to tell a message with a recoverable
 * meaning from one with none. A word counts as known when a training message has a word of
 * the same stem ("helped", "help"), also after squeezing letters repeated three times
 * or more ("byeee", "hiiii"); or when it has at least four letters and is one edit away from
 * a word of at least five letters found in two or more training messages (so "ordr" is
 * known; "snargle" is not, and neither is a short nonsense token one edit from a short word).
 * A message of function words only is known when it is itself a training message.
 * Out-of-scope training messages are left out: their made-up words must stay unknown.
 */
export class KnownWords {
  /** Number of training messages each stem appears in. */
  private readonly stems = new Map<string, number>();
  /** Number of training messages each word appears in. */
  private readonly words = new Map<string, number>();
  /** Number of training messages made of each phrase of function words only ("that is all"). */
  private readonly phrases = new Map<string, number>();
  private readonly typos: TypoMatcher;

  /**
   * @param normalisedTexts - the in-scope training messages, normalised
   * @param analyser - their language's stemmer and function words
   */
  constructor(
    normalisedTexts: readonly string[],
    private readonly analyser: TextAnalyser,
  ) {
    for (const text of normalisedTexts) {
      const words = this.contentWords(text);
      if (words.length === 0) increment(this.phrases, text);
      for (const w of new Set(words)) increment(this.words, w);
      for (const stem of new Set(words.map(analyser.stem))) increment(this.stems, stem);
    }
    const targets = [...this.words].filter(([w, n]) => n >= minTypoTargetMessages && w.length >= minTypoTargetLength).map(([w]) => w);
    this.typos = new TypoMatcher(targets, minTypoLength);
  }

  /**
   * Number of content words of a normalised message that are known (typos included); a
   * message of function words only counts one when a training message is that very phrase.
   * With `ownMessage`, the message is one of the training messages and is left out of them,
   * so a training message counts as a new one would.
   */
  count(normalised: string, ownMessage = false): number {
    const words = this.contentWords(normalised);
    const stem = this.analyser.stem;
    if (words.length === 0) return (this.phrases.get(normalised) ?? 0) - (ownMessage ? 1 : 0) > 0 ? 1 : 0;
    const ownWords = new Set(ownMessage ? words : []);
    const ownStems = new Set(ownMessage ? words.map(stem) : []);
    const stemSeen = (w: string): boolean => (this.stems.get(stem(w)) ?? 0) - (ownStems.has(stem(w)) ? 1 : 0) > 0;
    const typoTarget = (t: string): boolean => (this.words.get(t) ?? 0) - (ownWords.has(t) ? 1 : 0) >= minTypoTargetMessages;
    const known = (word: string): boolean =>
      meaningfulPlaceholders.has(word) || squeezed(word).some((w) => stemSeen(w) || this.typos.candidates(w).some(typoTarget));
    return words.filter(known).length;
  }

  private contentWords(normalised: string): string[] {
    const { functionWords } = this.analyser;
    return normalised.length === 0 ? [] : normalised.split(' ').filter((w) => !functionWords.has(w) && !vaguePlaceholders.has(w));
  }
}

/** The word, and with letters repeated three times or more squeezed to two and to one. */
function squeezed(word: string): string[] {
  if (!/(.)\1\1/.test(word)) return [word];
  return [word, word.replace(/(.)\1{2,}/g, '$1$1'), word.replace(/(.)\1{2,}/g, '$1')];
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
