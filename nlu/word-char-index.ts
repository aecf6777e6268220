import type { SparseVector } from './sparse-vector';
import type { TextAnalyser } from './text-analyser';
import type { TfidfSpace } from './tfidf-space';

/** Largest number of words remembered. */
const MAX_WORDS = 50_000;
/** Longest word remembered: a client's 10,000-letter "word" must not fill memory. */
const MAX_WORD_LENGTH = 32;

/**
 * The character-space vector of a message, built from each word's remembered term dimensions.
 * A message's character n-grams are those of its words one by one (for analysers with
 * `charTermsPerWord`), and customers use the same few thousand words, so each word's n-grams
 * are cut out and looked up in the vocabulary once, not in every message: the same dimensions
 * in the same multiset, hence the same vector as `space.transform(analyser.charTerms(text))`.
 */
export class WordCharIndex {
  private readonly words = new Map<string, Int32Array>();

  constructor(
    private readonly space: TfidfSpace,
    private readonly analyser: TextAnalyser,
  ) {}

  /** The character-space vector of a normalised text. */
  vector(normalised: string): SparseVector {
    if (!this.analyser.charTermsPerWord) return this.space.transform(this.analyser.charTerms(normalised));
    if (normalised.length === 0) return this.space.fromIndices(new Int32Array(0));
    const parts = normalised.split(' ').map((word) => this.dimensionsOf(word));
    const hits = new Int32Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const part of parts) {
      hits.set(part, at);
      at += part.length;
    }
    return this.space.fromIndices(hits);
  }

  private dimensionsOf(word: string): Int32Array {
    const known = this.words.get(word);
    if (known) return known;
    const dimensions = this.space.indicesOf(this.analyser.charTerms(word)).slice();
    if (this.words.size < MAX_WORDS && word.length <= MAX_WORD_LENGTH) this.words.set(word, dimensions);
    return dimensions;
  }
}
