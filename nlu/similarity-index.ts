import type { SparseVector } from './sparse-vector';

/** Tuning of the neighbour search. */
export interface NeighbourOptions {
  /** Neighbours used for the vote share. */
  readonly k: number;
  /** Terms found in more than this share of training rows are skipped when retrieving candidates. */
  readonly maxDfShare: number;
  /** Retrieved rows rescored exactly before neighbours and best matches are taken. */
  readonly rerank: number;
  /** Whether to search neighbours at all (otherwise only centroids are used). */
  readonly neighbours: boolean;
}

/** Per-intent similarity signals of one message in one vector space. */
export interface SimilaritySignals {
  /** Cosine to each intent's centroid. */
  readonly centroid: Float32Array;
  /** Share of the k nearest training rows' similarity that belongs to each intent (with neighbours only). */
  readonly knnShare?: Float32Array;
  /** Cosine of the best-matching training row of each intent (with neighbours only). */
  readonly bestMatch?: Float32Array;
}

/**
 * Similarity search over labelled training vectors of one TF-IDF space: class centroids
 * (kept as sums so a row can be left out of its own centroid) and an inverted index for
 * nearest neighbours.
 */
export class SimilarityIndex {
  private readonly sums: Float32Array;
  private readonly sumNorm2: Float64Array;
  /**
   * The inverted index in one pair of arrays: term t's rows and values are at
   * `postingStart[t]` up to `postingStart[t + 1]`: with an array per term, a message's
   * signals took 8–16 % longer (docs/benchmarks-turns.md).
   */
  private readonly postingStart: Int32Array;
  private readonly postingRows: Int32Array;
  private readonly postingVals: Float32Array;
  /** 1 for terms in more than `maxDfShare` of the rows. */
  private readonly frequent: Uint8Array;
  private readonly scores: Float32Array;
  private readonly touched: Int32Array;
  private readonly query: Float32Array;

  /**
   * @param vectors training vectors (L2-normalised)
   * @param labels class index of each vector
   * @param numClasses number of classes
   * @param dims dimension of the space
   * @param options neighbour search tuning
   */
  constructor(
    private readonly vectors: readonly SparseVector[],
    private readonly labels: Int32Array,
    private readonly numClasses: number,
    dims: number,
    private readonly options: NeighbourOptions,
  ) {
    this.sums = new Float32Array(dims * numClasses);
    const df = new Int32Array(dims);
    vectors.forEach((v, row) => {
      const base = labels[row];
      for (let j = 0; j < v.idx.length; j++) {
        this.sums[v.idx[j] * numClasses + base] += v.val[j];
        df[v.idx[j]]++;
      }
    });
    this.sumNorm2 = new Float64Array(numClasses);
    for (let t = 0; t < dims; t++) {
      for (let c = 0; c < numClasses; c++) this.sumNorm2[c] += this.sums[t * numClasses + c] ** 2;
    }
    const maxDf = options.neighbours ? Math.max(20, Math.floor(options.maxDfShare * vectors.length)) : 0;
    this.frequent = Uint8Array.from(df, (n) => (n > maxDf ? 1 : 0));
    this.postingStart = new Int32Array(dims + 1);
    if (options.neighbours) for (let t = 0; t < dims; t++) this.postingStart[t + 1] = this.postingStart[t] + df[t];
    this.postingRows = new Int32Array(this.postingStart[dims]);
    this.postingVals = new Float32Array(this.postingStart[dims]);
    if (options.neighbours) {
      const fill = this.postingStart.slice(0, dims);
      vectors.forEach((v, row) => {
        for (let j = 0; j < v.idx.length; j++) {
          const t = v.idx[j];
          this.postingRows[fill[t]] = row;
          this.postingVals[fill[t]++] = v.val[j];
        }
      });
    }
    this.scores = new Float32Array(vectors.length);
    this.touched = new Int32Array(vectors.length);
    this.query = new Float32Array(dims);
  }

  /**
   * Signals of a vector. When `leaveOut` is a training row index, that row is excluded from
   * its centroid, its neighbours and its best matches (leave-one-out on training data).
   */
  signals(x: SparseVector, leaveOut = -1): SimilaritySignals {
    const K = this.numClasses;
    const dots = new Float64Array(K);
    const sums = this.sums;
    const { idx, val } = x;
    let xNorm2 = 0;
    for (let j = 0; j < idx.length; j++) {
      const base = idx[j] * K;
      const v = val[j];
      xNorm2 += v * v;
      for (let c = 0; c < K; c++) dots[c] += v * sums[base + c];
    }
    const centroid = new Float32Array(K);
    const own = leaveOut >= 0 ? this.labels[leaveOut] : -1;
    for (let c = 0; c < K; c++) {
      let dot = dots[c];
      let norm2 = this.sumNorm2[c];
      if (c === own) {
        norm2 = norm2 - 2 * dot + xNorm2;
        dot -= xNorm2;
      }
      centroid[c] = norm2 > 1e-12 ? dot / Math.sqrt(norm2) : 0;
    }
    if (!this.options.neighbours) return { centroid };
    const { knnShare, bestMatch } = this.neighbours(x, leaveOut);
    return { centroid, knnShare, bestMatch };
  }

  private neighbours(x: SparseVector, leaveOut: number): { knnShare: Float32Array; bestMatch: Float32Array } {
    const { scores, touched, postingStart, postingRows, postingVals } = this;
    const { idx, val } = x;
    let nTouched = 0;
    // Frequent terms' long posting lists are skipped for speed, unless the message has
    // nothing else ("hello", "thanks"): then they are the only way to find its neighbours.
    const onlyFrequent = idx.every((t) => this.frequent[t] === 1);
    for (let j = 0; j < idx.length; j++) {
      if (this.frequent[idx[j]] === 1 && !onlyFrequent) continue;
      const v = val[j];
      for (let p = postingStart[idx[j]], end = postingStart[idx[j] + 1]; p < end; p++) {
        const r = postingRows[p];
        if (scores[r] === 0) touched[nTouched++] = r;
        scores[r] += v * postingVals[p];
      }
    }
    const R = this.options.rerank;
    const candRows = new Int32Array(R).fill(-1);
    const candScores = new Float32Array(R);
    for (let t = 0; t < nTouched; t++) {
      const r = touched[t];
      const s = scores[r];
      scores[r] = 0;
      if (r !== leaveOut && s > candScores[R - 1]) insertTop(candRows, candScores, r, s);
    }
    const K = this.numClasses;
    const k = this.options.k;
    const bestMatch = new Float32Array(K);
    const topRows = new Int32Array(k).fill(-1);
    const topScores = new Float32Array(k);
    const query = this.query;
    for (let j = 0; j < idx.length; j++) query[idx[j]] = val[j];
    for (let i = 0; i < R && candRows[i] >= 0; i++) {
      const r = candRows[i];
      const s = denseDot(query, this.vectors[r]);
      const c = this.labels[r];
      if (s > bestMatch[c]) bestMatch[c] = s;
      if (s > topScores[k - 1]) insertTop(topRows, topScores, r, s);
    }
    for (let j = 0; j < idx.length; j++) query[idx[j]] = 0;
    const knnShare = new Float32Array(K);
    let total = 0;
    for (let i = 0; i < k && topRows[i] >= 0; i++) {
      knnShare[this.labels[topRows[i]]] += topScores[i];
      total += topScores[i];
    }
    if (total > 0) for (let c = 0; c < K; c++) knnShare[c] /= total;
    return { knnShare, bestMatch };
  }
}

function denseDot(query: Float32Array, row: SparseVector): number {
  let sum = 0;
  for (let j = 0; j < row.idx.length; j++) sum += query[row.idx[j]] * row.val[j];
  return sum;
}

function insertTop(rows: Int32Array, scores: Float32Array, row: number, score: number): void {
  let i = rows.length - 1;
  while (i > 0 && scores[i - 1] < score) {
    rows[i] = rows[i - 1];
    scores[i] = scores[i - 1];
    i--;
  }
  rows[i] = row;
  scores[i] = score;
}
