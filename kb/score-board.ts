/**
 * Accumulates scores per document id (0 … size-1) and remembers which documents were
 * touched, so resetting costs only as much as the last query touched, not the corpus size.
 */
export class ScoreBoard {
  /** Score per document; only entries listed in {@link touchedIds} are meaningful. */
  readonly scores: Float64Array;
  private readonly seen: Uint8Array;
  private readonly touched: Int32Array;
  private touchedCount = 0;

  /** @param size - number of documents */
  constructor(size: number) {
    this.scores = new Float64Array(size);
    this.seen = new Uint8Array(size);
    this.touched = new Int32Array(size);
  }

  /** Adds `amount` to a document's score. */
  add(doc: number, amount: number): void {
    if (this.seen[doc] === 0) {
      this.seen[doc] = 1;
      this.scores[doc] = 0;
      this.touched[this.touchedCount] = doc;
      this.touchedCount += 1;
    }
    this.scores[doc] += amount;
  }

  /** Ids of the documents scored since the last reset (a view, valid until the next reset). */
  touchedIds(): Int32Array {
    return this.touched.subarray(0, this.touchedCount);
  }

  /** Forgets every score. */
  reset(): void {
    for (let index = 0; index < this.touchedCount; index += 1) this.seen[this.touched[index]] = 0;
    this.touchedCount = 0;
  }
}
