import type { SparseVector } from './sparse-vector';

/**
 * Chi² scores of every feature against the class labels (non-negative feature values
 * treated as counts, as scikit-learn's `chi2` does).
 */
export function chi2Scores(x: readonly SparseVector[], labels: Int32Array, numClasses: number, dims: number): Float64Array {
  const observed = new Float64Array(dims * numClasses);
  const featureTotal = new Float64Array(dims);
  const classCount = new Float64Array(numClasses);
  x.forEach((v, r) => {
    const c = labels[r];
    classCount[c]++;
    for (let j = 0; j < v.idx.length; j++) {
      observed[v.idx[j] * numClasses + c] += v.val[j];
      featureTotal[v.idx[j]] += v.val[j];
    }
  });
  const n = x.length;
  const scores = new Float64Array(dims);
  for (let f = 0; f < dims; f++) {
    let s = 0;
    for (let c = 0; c < numClasses; c++) {
      const expected = (featureTotal[f] * classCount[c]) / n;
      if (expected > 0) s += (observed[f * numClasses + c] - expected) ** 2 / expected;
    }
    scores[f] = s;
  }
  return scores;
}

/** The `k` best features by chi² score (ties by index), sorted by index. */
export function selectByChi2(x: readonly SparseVector[], labels: Int32Array, numClasses: number, dims: number, k: number): Int32Array {
  const scores = chi2Scores(x, labels, numClasses, dims);
  const order = Array.from({ length: dims }, (_, f) => f).sort((a, b) => scores[b] - scores[a] || a - b);
  return Int32Array.from(order.slice(0, Math.min(k, dims))).sort();
}

/** Keeps only the selected features of a vector, renumbered 0…selected.length−1. */
export function projectFeatures(v: SparseVector, selected: Int32Array): SparseVector {
  const idx: number[] = [];
  const val: number[] = [];
  let s = 0;
  for (let j = 0; j < v.idx.length && s < selected.length; j++) {
    while (s < selected.length && selected[s] < v.idx[j]) s++;
    if (s < selected.length && selected[s] === v.idx[j]) {
      idx.push(s);
      val.push(v.val[j]);
    }
  }
  return { idx: Int32Array.from(idx), val: Float32Array.from(val) };
}
