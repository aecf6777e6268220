/** Number of features describing one candidate intent, given the number of per-intent signal arrays. */
export function candidateFeatureCount(signalArrays: number): number {
  return (signalArrays + 1) * 2 + 3;
}

/** The shortlisted intents of a message and the feature row of each. */
export interface Candidates {
  /** Class indices, best pre-score first. */
  readonly classes: Int32Array;
  /** `classes.length × candidateFeatureCount(signals)` feature values, row-major. */
  readonly x: Float32Array;
}

/**
 * Shortlists the `maxCandidates` intents with the highest summed signals (one value per
 * intent in each array) and describes each by every signal, its gap to the best other
 * intent, and its pre-score and rank.
 */
export function buildCandidates(signalArrays: readonly Float32Array[], maxCandidates: number): Candidates {
  const K = signalArrays[0].length;
  const pre = new Float32Array(K);
  for (const arr of signalArrays) for (let c = 0; c < K; c++) pre[c] += arr[c];
  const classes = topClasses(pre, Math.min(maxCandidates, K));
  const all = [...signalArrays, pre];
  const tops = all.map(topTwo);
  const cols = candidateFeatureCount(signalArrays.length);
  const x = new Float32Array(classes.length * cols);
  classes.forEach((c, rank) => {
    let f = rank * cols;
    all.forEach((arr, i) => {
      const [first, firstIdx, second] = tops[i];
      const other = c === firstIdx ? second : first;
      x[f++] = arr[c];
      x[f++] = arr[c] - other;
    });
    x[f++] = rank;
    x[f++] = pre[c] - pre[classes[0]];
    x[f++] = classes.length > 1 ? pre[classes[0]] - pre[classes[1]] : pre[classes[0]];
  });
  return { classes, x };
}

/** Indices of the `m` largest values, largest first, ties by lower index. */
function topClasses(values: Float32Array, m: number): Int32Array {
  const top = new Int32Array(m).fill(-1);
  for (let c = 0; c < values.length; c++) {
    if (top[m - 1] >= 0 && values[c] <= values[top[m - 1]]) continue;
    let i = m - 1;
    while (i > 0 && (top[i - 1] < 0 || values[top[i - 1]] < values[c])) {
      top[i] = top[i - 1];
      i--;
    }
    top[i] = c;
  }
  return top;
}

function topTwo(arr: Float32Array): [number, number, number] {
  let first = -Infinity;
  let firstIdx = -1;
  let second = -Infinity;
  for (let c = 0; c < arr.length; c++) {
    if (arr[c] > first) {
      second = first;
      first = arr[c];
      firstIdx = c;
    } else if (arr[c] > second) second = arr[c];
  }
  return [first, firstIdx, second === -Infinity ? 0 : second];
}
