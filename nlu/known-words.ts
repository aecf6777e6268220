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
    'where why how is am are was were be been being do does did done have has had having will would ' +
    'shall should can could may might must all any some each every both either neither more most ' +
    'such own same other again once only'
  ).split(' '),
);

/** Placeholders that carry meaning on their own (an order number alone asks about that order). */
const meaningfulPlaceholders = new Set<string>([placeholders.orderNumber, placeholders.email]);
/** Numbers, amounts and phone numbers say nothing about the request by themselves. */
const vaguePlaceholders = new Set<string>(Object.values(placeholders).filter((p) => !meaningfulPlaceholders.has(p)));

/**
 * The content words of the in-scope training messages, to tell a message with a recoverable
 * meaning from one with none: a word counts as known when such a message contains it or a
 * word one edit away (so "ordr" is known, "snargle" is not). Out-of-scope training messages
 * are left out: their made-up words must stay unknown.
 */
export class KnownWords {
  private readonly words: Set<string>;
  private readonly typos: TypoMatcher;

  /** @param normalisedTexts - the in-scope training messages, normalised */
  constructor(normalisedTexts: readonly string[]) {
    this.words = new Set([...meaningfulPlaceholders, ...normalisedTexts.flatMap((t) => contentWords(t))]);
    this.typos = new TypoMatcher(this.words);
  }

  /** Number of content words of a normalised message that are known (typos included). */
  count(normalised: string): number {
    return contentWords(normalised).filter((w) => this.words.has(w) || this.typos.candidates(w).length > 0).length;
  }
}

function contentWords(normalised: string): string[] {
  return normalised.length === 0 ? [] : normalised.split(' ').filter((w) => !functionWords.has(w) && !vaguePlaceholders.has(w));
}
