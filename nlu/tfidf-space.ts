import { z } from 'zod';

import { type SparseVector, sparseFromSorted } from './sparse-vector';

/** Serialised TF-IDF space: its vocabulary and inverse document frequencies. */
export const tfidfSpaceJsonSchema = z.object({
  terms: z.array(z.string()),
  idf: z.array(z.number()),
});
/** Serialised TF-IDF space. */
export type TfidfSpaceJson = z.infer<typeof tfidfSpaceJsonSchema>;

/**
 * A TF-IDF vector space with sublinear term frequency, smoothed idf and L2 normalisation.
 * Terms seen in fewer than `minDf` training documents are left out of the vocabulary.
 */
export class TfidfSpace {
  private readonly index: Map<string, number>;

  private constructor(
    readonly terms: readonly string[],
    readonly idf: Float32Array,
  ) {
    this.index = new Map(terms.map((t, i) => [t, i]));
  }

  /** Learns the vocabulary and idf from the term lists of the training documents. */
  static fit(docs: readonly (readonly string[])[], minDf: number): TfidfSpace {
    const df = new Map<string, number>();
    for (const doc of docs) for (const term of new Set(doc)) df.set(term, (df.get(term) ?? 0) + 1);
    const terms = [...df.keys()].filter((t) => (df.get(t) ?? 0) >= minDf).sort();
    const n = docs.length;
    const idf = Float32Array.from(terms, (t) => round4(Math.log((1 + n) / (1 + (df.get(t) ?? 0))) + 1));
    return new TfidfSpace(terms, idf);
  }

  /** Restores a space saved with {@link TfidfSpace.toJSON}. */
  static fromJSON(json: TfidfSpaceJson): TfidfSpace {
    return new TfidfSpace(json.terms, Float32Array.from(json.idf));
  }

  /** Number of dimensions. */
  get size(): number {
    return this.terms.length;
  }

  /** The L2-normalised TF-IDF vector of a document's terms (unknown terms are ignored). */
  transform(docTerms: readonly string[]): SparseVector {
    return this.fromIndices(this.indicesOf(docTerms));
  }

  /** The dimensions of a document's known terms, in the terms' order, repeats kept. */
  indicesOf(docTerms: readonly string[]): Int32Array {
    const hits = new Int32Array(docTerms.length);
    let n = 0;
    for (const term of docTerms) {
      const i = this.index.get(term);
      if (i !== undefined) hits[n++] = i;
    }
    return hits.subarray(0, n);
  }

  /** The L2-normalised TF-IDF vector of a document given as its terms' dimensions ({@link indicesOf}); sorts `hits` in place. */
  fromIndices(hits: Int32Array): SparseVector {
    const n = hits.length;
    const sorted = hits.sort();
    const idx: number[] = [];
    const weights: number[] = [];
    for (let a = 0; a < n;) {
      let b = a + 1;
      while (b < n && sorted[b] === sorted[a]) b++;
      idx.push(sorted[a]);
      weights.push((1 + Math.log(b - a)) * this.idf[sorted[a]]);
      a = b;
    }
    return sparseFromSorted(Int32Array.from(idx), weights);
  }

  /** Serialisable form. */
  toJSON(): TfidfSpaceJson {
    return { terms: [...this.terms], idf: Array.from(this.idf) };
  }
}

function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
