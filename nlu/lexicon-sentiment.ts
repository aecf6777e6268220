import { z } from 'zod';
import { foldPhrase, PhraseList, phraseSource, wordCount } from '../common/phrase-patterns';

/**
 * A small sentiment lexicon of one language (`nlu/data/<lang>/sentiment.json`): words and
 * phrases scored on AFINN's scale (−5 … 5), in the pattern language of
 * common/phrase-patterns.ts, and the words that negate the next one.
 */
export const sentimentLexiconSchema = z.strictObject({
  negators: z.array(z.string().trim().min(1)).min(1),
  words: z.record(
    z.string().trim().min(1),
    z
      .int()
      .min(-5)
      .max(5)
      .refine((n) => n !== 0, 'a score of 0 says nothing'),
  ),
});

interface Hit {
  start: number;
  end: number;
  score: number;
}

const HAN_END = /\p{Script=Han}$/u;
/** How far back a negator still negates: two words, or two Han characters. */
const NEGATION_REACH = 2;
/** Marks that end a clause, and with it a negation ("nicht da. Katastrophe!", "还没到，太差了"). */
const CLAUSE_END = /[,.;:!?，。！？；：、]+/u;

/**
 * Scores messages with a lexicon the way natural's AFINN analyser scores English: the scores
 * of the phrases found (the longest where they overlap; negated after a negator) summed,
 * divided by the message's words (common/phrase-patterns `wordCount`), squashed with tanh, so
 * every language lands on the same −1 … 1 scale and the same "upset" threshold.
 */
export class LexiconSentiment {
  private readonly entries: Array<{ pattern: RegExp; score: number }>;
  private readonly negators: PhraseList;

  /** @param file - a lexicon file's parsed JSON, checked against {@link sentimentLexiconSchema} (throws when it does not fit). */
  constructor(file: unknown) {
    const lexicon = sentimentLexiconSchema.parse(file);
    this.entries = Object.entries(lexicon.words).map(([pattern, score]) => ({ pattern: new RegExp(phraseSource(pattern), 'gu'), score }));
    this.negators = new PhraseList(lexicon.negators);
  }

  /** Sentiment of `text` in −1 … 1 (0 when no word of the lexicon occurs). */
  score(text: string): number {
    const words = wordCount(foldPhrase(text));
    if (words === 0) return 0;
    let sum = 0;
    // Clause by clause: a negator reaches only the words after it in its own clause.
    for (const clause of text.split(CLAUSE_END)) {
      const folded = foldPhrase(clause);
      for (const hit of this.hitsIn(folded)) sum += this.isNegated(folded.slice(0, hit.start)) ? -hit.score : hit.score;
    }
    return Math.tanh(sum / words);
  }

  /** The lexicon's phrases in `folded`, longest first where two overlap. */
  private hitsIn(folded: string): Hit[] {
    const found: Hit[] = [];
    for (const { pattern, score } of this.entries) {
      for (const match of folded.matchAll(pattern)) found.push({ start: match.index, end: match.index + match[0].length, score });
    }
    found.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
    const kept: Hit[] = [];
    for (const hit of found) if (kept.every((k) => hit.end <= k.start || hit.start >= k.end)) kept.push(hit);
    return kept;
  }

  /**
   * Whether a negator stands just before a phrase (`before` is its clause's folded text up to
   * it): in the two words before it, or in Chinese the two characters before it.
   */
  private isNegated(before: string): boolean {
    const reach = HAN_END.test(before)
      ? Array.from(before).slice(-NEGATION_REACH).join('')
      : before.trimEnd().split(' ').slice(-NEGATION_REACH).join(' ');
    return reach !== '' && this.negators.occursIn(reach);
  }
}
