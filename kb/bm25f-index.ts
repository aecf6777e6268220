import type { ScoreBoard } from './score-board';

/** The article fields the index reads, in the order documents give them. */
export const articleFields = ['title', 'tags', 'summary', 'body'] as const;

/** One of {@link articleFields}. */
export type ArticleField = (typeof articleFields)[number];

/** A document as the index sees it: the stems of each field. */
export type FieldStems = Readonly<Record<ArticleField, readonly string[]>>;

/** BM25F parameters: k1 for saturation, and per field a weight and a length normalisation b. */
export interface Bm25fParams {
  k1: number;
  fields: Readonly<Record<ArticleField, { weight: number; b: number }>>;
}

/** Weights that favour the short, descriptive fields: a title word says more than a body word. */
export const defaultBm25fParams: Bm25fParams = {
  k1: 1.2,
  fields: {
    title: { weight: 3, b: 0.5 },
    tags: { weight: 2, b: 0.5 },
    summary: { weight: 1.5, b: 0.6 },
    body: { weight: 0.5, b: 0.75 },
  },
};

/** A stem with the weight a query gives it (negative weights penalise documents). */
export interface WeightedTerm {
  stem: string;
  weight: number;
}

/**
 * An inverted index scoring documents with BM25F (Robertson & Zaragoza): the per-field term
 * frequencies are length-normalised, weighted and summed before one saturation. Posting lists
 * are stored compactly (one shared array of document ids and one of precomputed term weights,
 * sliced per term), so a query only visits the documents that contain its terms and a large
 * corpus costs a few typed arrays rather than millions of small objects.
 */
export class Bm25fIndex {
  /** Number of documents. */
  readonly size: number;
  private readonly termIds = new Map<string, number>();
  /** Posting list of term t: positions offsets[t] … offsets[t+1]-1 of docs and impacts. */
  private readonly offsets: Int32Array;
  private readonly docs: Int32Array;
  /** Saturated BM25F term weight per posting: tf~·(k1+1)/(k1+tf~). */
  private readonly impacts: Float32Array;

  /**
   * @param documents - the stems of every field of every document; document ids are positions
   * @param params - BM25F parameters
   */
  constructor(documents: readonly FieldStems[], params: Bm25fParams = defaultBm25fParams) {
    this.size = documents.length;
    const averageLengths = averageFieldLengths(documents);
    const postingTerms: number[] = [];
    const postingDocs: number[] = [];
    const postingImpacts: number[] = [];
    documents.forEach((document, doc) => {
      for (const [stemmed, frequency] of pseudoFrequencies(document, params, averageLengths)) {
        let termId = this.termIds.get(stemmed);
        if (termId === undefined) {
          termId = this.termIds.size;
          this.termIds.set(stemmed, termId);
        }
        postingTerms.push(termId);
        postingDocs.push(doc);
        postingImpacts.push((frequency * (params.k1 + 1)) / (params.k1 + frequency));
      }
    });
    this.offsets = new Int32Array(this.termIds.size + 1);
    for (const termId of postingTerms) this.offsets[termId + 1] += 1;
    for (let termId = 0; termId < this.termIds.size; termId += 1) this.offsets[termId + 1] += this.offsets[termId];
    const next = this.offsets.slice(0, this.termIds.size);
    this.docs = new Int32Array(postingTerms.length);
    this.impacts = new Float32Array(postingTerms.length);
    postingTerms.forEach((termId, posting) => {
      const slot = next[termId];
      next[termId] += 1;
      this.docs[slot] = postingDocs[posting];
      this.impacts[slot] = postingImpacts[posting];
    });
  }

  /** Whether any document contains the stem. */
  has(stemmed: string): boolean {
    return this.termIds.has(stemmed);
  }

  /** Number of documents containing the stem. */
  documentFrequency(stemmed: string): number {
    const termId = this.termIds.get(stemmed);
    return termId === undefined ? 0 : this.offsets[termId + 1] - this.offsets[termId];
  }

  /** BM25 inverse document frequency (always positive). */
  idf(stemmed: string): number {
    const df = this.documentFrequency(stemmed);
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  /** Adds every term's contribution to the documents of its posting list. */
  accumulate(terms: readonly WeightedTerm[], board: ScoreBoard): void {
    for (const term of terms) {
      const termId = this.termIds.get(term.stem);
      if (termId === undefined || term.weight === 0) continue;
      const factor = term.weight * this.idf(term.stem);
      const end = this.offsets[termId + 1];
      for (let posting = this.offsets[termId]; posting < end; posting += 1) {
        board.add(this.docs[posting], factor * this.impacts[posting]);
      }
    }
  }
}

/** BM25F pseudo term frequency of each stem of one document: Σ weight·tf / length norm. */
function pseudoFrequencies(document: FieldStems, params: Bm25fParams, averageLengths: Record<ArticleField, number>): Map<string, number> {
  const frequencies = new Map<string, number>();
  for (const field of articleFields) {
    const stems = document[field];
    const { weight, b } = params.fields[field];
    const norm = 1 - b + (b * stems.length) / (averageLengths[field] || 1);
    for (const stemmed of stems) frequencies.set(stemmed, (frequencies.get(stemmed) ?? 0) + weight / norm);
  }
  return frequencies;
}

function averageFieldLengths(documents: readonly FieldStems[]): Record<ArticleField, number> {
  const totals = { title: 0, tags: 0, summary: 0, body: 0 };
  for (const document of documents) {
    for (const field of articleFields) totals[field] += document[field].length;
  }
  const count = Math.max(documents.length, 1);
  return {
    title: totals.title / count,
    tags: totals.tags / count,
    summary: totals.summary / count,
    body: totals.body / count,
  };
}
