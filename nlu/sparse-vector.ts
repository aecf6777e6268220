/** A sparse vector: strictly increasing indices and their values. */
export interface SparseVector {
  readonly idx: Int32Array;
  readonly val: Float32Array;
}

/** Builds an L2-normalised sparse vector from sorted indices and their weights. */
export function sparseFromSorted(idx: Int32Array, weights: readonly number[]): SparseVector {
  const val = Float32Array.from(weights);
  let norm = 0;
  for (const w of weights) norm += w * w;
  if (norm > 0) {
    const inv = 1 / Math.sqrt(norm);
    for (let k = 0; k < val.length; k++) val[k] *= inv;
  }
  return { idx, val };
}
