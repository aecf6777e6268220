import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { DecisionTreeRegression, type RegressionJson } from 'ml-cart';
import { TreeScorer } from '../../nlu/intent-ranker';

const modelFile = path.join(__dirname, '..', '..', 'nlu', 'model', 'intent-model.json');

/** A seeded generator in [0, 1), so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

interface Node {
  left?: Node;
  right?: Node;
  splitColumn?: number;
  splitValue?: number;
}

/** Every split of a tree: the rows get these exact values too, where `<` and `>=` part. */
function splits(node: Node, out: Array<[number, number]>): Array<[number, number]> {
  if (node.left && node.right && node.splitColumn !== undefined && node.splitValue !== undefined) {
    out.push([node.splitColumn, node.splitValue]);
    splits(node.left, out);
    splits(node.right, out);
  }
  return out;
}

describe('TreeScorer (flat trees)', () => {
  const trees = (JSON.parse(readFileSync(modelFile, 'utf8')) as { trees: RegressionJson[] }).trees;
  const loaded = trees.map((t) => DecisionTreeRegression.load(t).root as unknown as { classify(row: ArrayLike<number>): number });
  const allSplits = trees.flatMap((t) => splits(DecisionTreeRegression.load(t).root as unknown as Node, []));
  const cols = Math.max(...allSplits.map(([column]) => column)) + 1;

  it('scores every row exactly as ml-cart classifies it, also on the split values themselves', () => {
    expect(trees.length).to.be.greaterThan(10);
    const next = random(18);
    const rows = 600;
    const x = new Float32Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) x[r * cols + c] = next() < 0.5 ? next() : next() * 40 - 5;
      // A third of the rows hold split values exactly, in their split's column.
      if (r % 3 === 0)
        for (let k = 0; k < 20; k++) {
          const [column, value] = allSplits[Math.floor(next() * allSplits.length)];
          x[r * cols + column] = value;
        }
    }
    const scores = new TreeScorer(trees).score(x, cols);
    for (let r = 0; r < rows; r++) {
      const row = x.subarray(r * cols, (r + 1) * cols);
      let expected = 0;
      for (const root of loaded) expected += root.classify(row);
      expect(scores[r], `row ${r}`).to.equal(expected);
    }
  });

  it('refuses rows narrower than the columns the trees split on (they would read the next row)', () => {
    expect(() => new TreeScorer(trees).score(new Float32Array(cols - 1), cols - 1)).to.throw(/features/);
  });

  it('scores a row of zeros and no rows at all', () => {
    const scorer = new TreeScorer(trees);
    let expected = 0;
    for (const root of loaded) expected += root.classify(new Float32Array(cols));
    expect(Array.from(scorer.score(new Float32Array(cols), cols))).to.deep.equal([expected]);
    expect(scorer.score(new Float32Array(0), cols).length).to.equal(0);
  });
});
