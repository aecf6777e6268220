/**
 * NLU benchmark (`npm run bench:nlu [-- --data-dir DIR]`).
 *
 * Trains the shipped configuration on Banking77 train.csv only and evaluates on test.csv:
 * top-1 accuracy and macro-F1 of the intent (the threshold is not applied: Banking77 has no
 * out-of-scope rows), the same under the eval contract (a flagged row counts as wrong),
 * training time, per-utterance latency of classification, model size and peak RSS. Peers
 * on the same split in the same run: nlp.js (node-nlp NlpManager), natural's
 * BayesClassifier, and one CART on 2,000 chi²-selected TF-IDF features trained by our
 * sorted-split trainer in ml-cart's format and run with ml-cart's `predict`. Then 5-fold
 * cross-validation of the shipped configuration on nlu/data/intents.csv with the
 * out-of-scope flag rates of each held-out fifth, and per shipped language other than
 * English its model's shop figures and the language detector's answers on its evaluation
 * set (`--languages-only` runs just that part). Notes go to stderr; the last stdout line is
 * one JSON object.
 */
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

import { DecisionTreeClassifier } from 'ml-cart';
import BayesClassifier from 'natural/lib/natural/classifiers/bayes_classifier';
import { NlpManager } from 'node-nlp';

import { intentsCsvPath } from '../bot/paths';
import { projectRoot } from '../common/project-root';
import { type LabelledText, Nlu, defaultTrainOptions, macroF1, oosLabel, readLabelledCsv, trainIntentModel } from '../nlu';
import { trainCartClassifier } from '../nlu/cart-trainer';
import { projectFeatures, selectByChi2 } from '../nlu/chi2';
import { englishAnalyser } from '../nlu/english-analyser';
import { messageTerms } from '../nlu/message-features';
import { TfidfSpace } from '../nlu/tfidf-space';
import { loadLanguageDetector } from '../nlu/language-detection';
import { crossValidateIntents } from './lib/intent-cross-validation';
import { languageEvaluation } from './lib/language-eval';
import { readShopEval, scoreShopEval } from './lib/shop-eval';

const shopEvalPath = path.join(projectRoot, 'test', 'fixtures', 'nlu', 'shop-eval.csv');

/** One peer's figures. */
interface PeerResult {
  name: string;
  accuracy: number;
  trainS: number;
  p50Ms: number;
}

const note = (message: string): void => void process.stderr.write(`${message}\n`);
const round = (x: number, digits = 4): number => Number(x.toFixed(digits));

function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/**
 * Runs `fn` on each item, recording wall-clock time and the process's CPU time per call
 * (CPU time stays meaningful when other processes compete for the cores).
 */
function timeEach<T>(items: readonly T[], fn: (item: T) => string): { predictions: string[]; times: number[]; cpuTimes: number[] } {
  const predictions: string[] = [];
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (const item of items) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    predictions.push(fn(item));
    times.push(performance.now() - start);
    const used = process.cpuUsage(cpu);
    cpuTimes.push((used.user + used.system) / 1000);
  }
  return { predictions, times, cpuTimes };
}

function accuracyOf(truth: readonly LabelledText[], predicted: readonly string[]): number {
  return truth.filter((r, i) => r.intent === predicted[i]).length / truth.length;
}

function ours(train: LabelledText[], test: LabelledText[]): Record<string, number> {
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  const model = trainIntentModel(train, defaultTrainOptions);
  const trainS = (performance.now() - started) / 1000;
  const trainCpu = process.cpuUsage(cpuStart);
  const trainCpuS = (trainCpu.user + trainCpu.system) / 1e6;
  const modelMb = Buffer.byteLength(JSON.stringify(model.toJSON())) / 1e6;
  const warm = test.slice(0, 200);
  for (const r of warm) model.predict(r.text);
  const flags: boolean[] = [];
  const { predictions, times, cpuTimes } = timeEach(test, (r) => {
    const p = model.predict(r.text);
    flags.push(p.outOfScope);
    return p.intent;
  });
  const nlu = Nlu.fromModel(model);
  const understandTimes = timeEach(test.slice(0, 500), (r) => nlu.understand(r.text).intent).times;
  const contract = test.filter((r, i) => !flags[i] && predictions[i] === r.intent).length / test.length;
  return {
    accuracy: accuracyOf(test, predictions),
    macroF1: macroF1(
      test.map((r) => r.intent),
      predictions,
    ),
    accuracyWithThreshold: contract,
    flaggedShare: flags.filter(Boolean).length / test.length,
    trainS,
    trainCpuS,
    p50Ms: percentile(times, 0.5),
    p99Ms: percentile(times, 0.99),
    cpuP50Ms: percentile(cpuTimes, 0.5),
    cpuP99Ms: percentile(cpuTimes, 0.99),
    understandP50Ms: percentile(understandTimes, 0.5),
    loadAverage1m: os.loadavg()[0],
    modelMb,
    rssMb: process.resourceUsage().maxRSS / 1024,
  };
}

/** A peer's labels for the test texts, its training time and its per-text latencies. */
interface PeerRun {
  predictions: string[];
  times: number[];
  trainS: number;
}

const nlpJsName = 'nlp.js (node-nlp NlpManager)';
const bayesName = 'natural BayesClassifier';

/** nlp.js trained on `train`; its "None" (no intent) answer is read as `oos`. */
async function nlpJsRun(train: readonly LabelledText[], texts: readonly string[]): Promise<PeerRun> {
  const manager = new NlpManager({ languages: ['en'], autoSave: false, autoLoad: false, nlu: { log: false } });
  for (const r of train) manager.addDocument('en', r.text, r.intent);
  const started = performance.now();
  await manager.train();
  const trainS = (performance.now() - started) / 1000;
  const predictions: string[] = [];
  const times: number[] = [];
  for (const text of texts) {
    const start = performance.now();
    const result = await manager.process('en', text);
    times.push(performance.now() - start);
    predictions.push(result.intent === 'None' ? oosLabel : result.intent);
  }
  return { predictions, times, trainS };
}

function bayesRun(train: readonly LabelledText[], texts: readonly string[]): PeerRun {
  const classifier = new BayesClassifier();
  for (const r of train) classifier.addDocument(r.text, r.intent);
  const started = performance.now();
  classifier.train();
  const trainS = (performance.now() - started) / 1000;
  const { predictions, times } = timeEach(texts, (text) => classifier.classify(text));
  return { predictions, times, trainS };
}

function peerResult(name: string, run: PeerRun, test: readonly LabelledText[]): PeerResult {
  return { name, accuracy: accuracyOf(test, run.predictions), trainS: run.trainS, p50Ms: percentile(run.times, 0.5) };
}

function cartPeer(train: LabelledText[], test: LabelledText[]): PeerResult {
  const started = performance.now();
  const classes = [...new Set(train.map((r) => r.intent))].sort();
  const labels = Int32Array.from(train, (r) => classes.indexOf(r.intent));
  const terms = train.map((r) => messageTerms(r.text, englishAnalyser));
  const word = TfidfSpace.fit(
    terms.map((t) => t.word),
    1,
  );
  const vectors = terms.map((t) => word.transform(t.word));
  const selected = selectByChi2(vectors, labels, classes.length, word.size, 2000);
  const tree = DecisionTreeClassifier.load(
    trainCartClassifier(
      vectors.map((v) => projectFeatures(v, selected)),
      labels,
    ),
  );
  const trainS = (performance.now() - started) / 1000;
  const { predictions, times } = timeEach(test, (r) => {
    const v = projectFeatures(word.transform(messageTerms(r.text, englishAnalyser).word), selected);
    const dense = new Array<number>(selected.length).fill(0);
    v.idx.forEach((f, j) => (dense[f] = v.val[j]));
    return classes[tree.predict([dense])[0]];
  });
  return {
    name: 'one CART, ml-cart defaults, word TF-IDF, 2,000 chi² features (our sorted-split trainer, ml-cart format and predict)',
    accuracy: accuracyOf(test, predictions),
    trainS,
    p50Ms: percentile(times, 0.5),
  };
}

/** Our model, natural's Bayes and nlp.js trained on intents.csv and scored on the shop set. */
async function shopEvaluation(intents: LabelledText[]): Promise<Record<string, unknown>> {
  const rows = readShopEval(shopEvalPath);
  const texts = rows.map((r) => r.text);
  const started = performance.now();
  const model = trainIntentModel(intents, defaultTrainOptions);
  const trainS = (performance.now() - started) / 1000;
  const figures = scoreShopEval(
    rows,
    texts.map((text) => {
      const p = model.predict(text);
      return p.outOfScope ? oosLabel : p.intent;
    }),
  );
  note(`shop-eval, ours: ${JSON.stringify(figures)}`);
  const peers: { name: string; accuracy: number; inScopeAccuracy: number }[] = [];
  for (const [name, run] of [
    [bayesName, () => bayesRun(intents, texts)],
    [nlpJsName, () => nlpJsRun(intents, texts)],
  ] as const) {
    const peer = scoreShopEval(rows, (await run()).predictions);
    note(`shop-eval, ${name}: ${JSON.stringify(peer)}`);
    peers.push({ name, accuracy: round(peer.accuracy), inScopeAccuracy: round(peer.inScopeAccuracy) });
  }
  const rounded = Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, round(v)]));
  return { rows: rows.length, ...rounded, trainOnIntentsCsvS: round(trainS, 1), peers };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'data-dir': { type: 'string' }, 'skip-peers': { type: 'boolean' }, 'languages-only': { type: 'boolean' } },
  });
  const languages = languageEvaluation(await loadLanguageDetector(), note);
  if (values['languages-only'] === true) {
    process.stdout.write(`${JSON.stringify({ languages })}\n`);
    return;
  }
  const dataDir = path.resolve(projectRoot, values['data-dir'] ?? path.join('..', 'shared', 'data', 'banking77'));
  const train = readLabelledCsv(path.join(dataDir, 'train.csv'));
  const test = readLabelledCsv(path.join(dataDir, 'test.csv'));
  note(`Banking77: ${train.length} train / ${test.length} test rows from ${dataDir}`);
  const figures = ours(train, test);
  note(`ours: ${JSON.stringify(figures)}`);
  const peers: PeerResult[] = [];
  if (values['skip-peers'] !== true) {
    const texts = test.map((r) => r.text);
    for (const run of [
      () => cartPeer(train, test),
      () => peerResult(bayesName, bayesRun(train, texts), test),
      async () => peerResult(nlpJsName, await nlpJsRun(train, texts), test),
    ]) {
      const peer = await run();
      note(`peer: ${JSON.stringify(peer)}`);
      peers.push({ ...peer, accuracy: round(peer.accuracy), trainS: round(peer.trainS, 2), p50Ms: round(peer.p50Ms, 3) });
    }
  }
  const intents = readLabelledCsv(intentsCsvPath);
  const shopEval = await shopEvaluation(intents);
  const cv = crossValidateIntents(intents, 5, defaultTrainOptions, (f, x) => note(`intents.csv fold ${f + 1}/5: ${JSON.stringify(x)}`));
  const result = {
    dataset: 'banking77',
    accuracy: round(figures.accuracy),
    macroF1: round(figures.macroF1),
    accuracyWithThreshold: round(figures.accuracyWithThreshold),
    flaggedShare: round(figures.flaggedShare),
    trainS: round(figures.trainS, 1),
    trainCpuS: round(figures.trainCpuS, 1),
    p50Ms: round(figures.p50Ms, 3),
    p99Ms: round(figures.p99Ms, 3),
    cpuP50Ms: round(figures.cpuP50Ms, 3),
    cpuP99Ms: round(figures.cpuP99Ms, 3),
    understandP50Ms: round(figures.understandP50Ms, 3),
    modelMb: round(figures.modelMb, 2),
    rssMb: round(figures.rssMb, 0),
    loadAverage1mDuringTiming: round(figures.loadAverage1m, 2),
    cores: os.cpus().length,
    peers,
    cvAccuracy: round(cv.cvAccuracy),
    intentsCsv: {
      cvFoldAccuracies: cv.cvFoldAccuracies.map((a) => round(a)),
      cvOosRecall: round(cv.oosRecall),
      cvInScopeFlagged: round(cv.inScopeFlagged),
    },
    shopEval,
    languages,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:nlu failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
