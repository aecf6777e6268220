import { TypoMatcher } from '../kb/typo-matcher';
import { placeholders } from './normalise';

/**
 * Words that say nothing about what a message is about: a message made only of these and
 * unknown words ("blorf wimble the snargle") has no recoverable meaning.
 */
const functionWords = new Set(
  (
    'a an the and or but if so of to in on at by for from with about into over under up down out ' +
    'off as than then too very just also not no yes i me my mine we us our you your he him his she ' +
    'her it its they them their this that these those there here what which who whom whose when ' +
    'where why how is am are was were be been being do does did have has had having will would ' +
    'shall should can could may might must all any some each every both either neither more most ' +
    'such own same other again once only'
  ).split(' '),
);

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
 * meaning from one with none: a word counts as known when such a message contains it, or when
 * it has at least four letters and is one edit away from a word of at least five letters found
 * in two or more of them (so "ordr" is known; "snargle" is not, and neither is a short
 * nonsense token one edit from a short word). A message of function words only is known
 * when it is itself a training message. Out-of-scope training messages are left out: their
 * made-up words must stay unknown.
 */
export class KnownWords {
  /** Number of training messages each content word appears in. */
  private readonly messages = new Map<string, number>();
  /** Number of training messages made of each phrase of function words only ("that is all"). */
  private readonly phrases = new Map<string, number>();
  private readonly typos: TypoMatcher;

  /** @param normalisedTexts - the in-scope training messages, normalised */
  constructor(normalisedTexts: readonly string[]) {
    for (const text of normalisedTexts) {
      const words = contentWords(text);
      if (words.length === 0) increment(this.phrases, text);
      for (const w of new Set(words)) increment(this.messages, w);
    }
    const targets = [...this.messages].filter(([w, n]) => n >= minTypoTargetMessages && w.length >= minTypoTargetLength).map(([w]) => w);
    this.typos = new TypoMatcher(targets, minTypoLength);
  }

  /**
   * Number of content words of a normalised message that are known (typos included); a
   * message of function words only counts one when a training message is that very phrase.
   * With `ownMessage`, the message is one of the training messages and is left out of them,
   * so a training message counts as a new one would.
   */
  count(normalised: string, ownMessage = false): number {
    const words = contentWords(normalised);
    const own = ownMessage ? 1 : 0;
    if (words.length === 0) return (this.phrases.get(normalised) ?? 0) - own > 0 ? 1 : 0;
    const ownWords = new Set(ownMessage ? words : []);
    const seenIn = (w: string): number => (this.messages.get(w) ?? 0) - (ownWords.has(w) ? 1 : 0);
    const known = (w: string): boolean =>
      meaningfulPlaceholders.has(w) || seenIn(w) > 0 || this.typos.candidates(w).some((t) => seenIn(t) >= minTypoTargetMessages);
    return words.filter(known).length;
  }
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function contentWords(normalised: string): string[] {
  return normalised.length === 0 ? [] : normalised.split(' ').filter((w) => !functionWords.has(w) && !vaguePlaceholders.has(w));
}
