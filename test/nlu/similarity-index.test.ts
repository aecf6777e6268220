import { expect } from 'chai';
import { SimilarityIndex } from '../../nlu/similarity-index';
import type { SparseVector } from '../../nlu/sparse-vector';

/** An L2-normalised sparse vector from dense values (zeros left out). */
function vector(dense: number[]): SparseVector {
  const norm = Math.hypot(...dense);
  const idx = dense.flatMap((v, i) => (v === 0 ? [] : [i]));
  return { idx: Int32Array.from(idx), val: Float32Array.from(idx.map((i) => dense[i] / norm)) };
}

const dot = (a: SparseVector, b: SparseVector) => {
  let sum = 0;
  a.idx.forEach((t, j) => {
    const k = b.idx.indexOf(t);
    if (k >= 0) sum += a.val[j] * b.val[k];
  });
  return sum;
};

const rows = [
  [1, 1, 0, 0, 0, 0],
  [1, 0, 1, 0, 0, 0],
  [0, 1, 1, 0, 0, 1],
  [0, 0, 0, 1, 1, 0],
  [0, 0, 1, 1, 0, 0],
  [0, 0, 0, 0, 1, 2],
  [3, 0, 0, 0, 0, 1],
].map(vector);
const labels = Int32Array.from([0, 0, 0, 1, 1, 1, 2]);

describe('SimilarityIndex', () => {
  // Every row is a candidate (rerank ≥ rows, no term skipped), so the signals must equal a brute-force search.
  const index = new SimilarityIndex(rows, labels, 3, 6, { k: 2, maxDfShare: 1, rerank: 8, neighbours: true });

  for (const [name, query, leaveOut] of [
    ['a message', vector([1, 0, 1, 1, 0, 0]), -1],
    ['a message sharing one term with one row', vector([0, 0, 0, 0, 0, 3]), -1],
    ['a training row left out of its own signals', rows[4], 4],
  ] as const) {
    it(`gives ${name} the best match per intent and the vote of its k nearest rows, as a brute-force search does`, () => {
      const scored = rows.map((row, r) => ({ r, s: r === leaveOut ? -1 : dot(query, row) })).filter((x) => x.s > 0);
      const bestMatch = [0, 1, 2].map((c) => Math.max(0, ...scored.filter((x) => labels[x.r] === c).map((x) => x.s)));
      const nearest = [...scored].sort((a, b) => b.s - a.s).slice(0, 2);
      const total = nearest.reduce((n, x) => n + x.s, 0);
      const knnShare = [0, 1, 2].map((c) => nearest.filter((x) => labels[x.r] === c).reduce((n, x) => n + x.s, 0) / total);
      const signals = index.signals(query, leaveOut);
      expect([...signals.bestMatch!].map((v) => v.toFixed(5))).to.deep.equal(bestMatch.map((v) => v.toFixed(5)));
      expect([...signals.knnShare!].map((v) => v.toFixed(5))).to.deep.equal(knnShare.map((v) => v.toFixed(5)));
    });
  }

  it('answers the same query the same way twice (its scratch arrays are cleared after each search)', () => {
    const query = vector([1, 1, 1, 0, 0, 0]);
    expect(index.signals(query)).to.deep.equal(index.signals(query));
  });
});
