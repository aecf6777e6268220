/**
 * Entry of a retrain worker thread: trains an intent model on the training file plus the
 * confirmed examples and scores it beside the active model on the evaluation file, so the
 * minute of training and the gzip of a megabytes-large JSON never block the event loop.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { parentPort, workerData } from 'node:worker_threads';
import { evaluatePredictions, predictLabels } from '../../nlu/evaluate';
import { IntentModel } from '../../nlu/intent-model';
import { trainIntentModel } from '../../nlu/train-intent-model';
import { labelledTextSchema, readLabelledCsv } from '../../nlu/training-data';
import type { RetrainInput, RetrainOutput } from './retrain-protocol';

const port = parentPort;
if (!port) throw new Error('retrain-worker must run in a worker thread');

function retrain(input: RetrainInput): RetrainOutput {
  const started = Date.now();
  const rows = [...readLabelledCsv(input.trainingPath), ...input.examples.map((e) => labelledTextSchema.parse(e))];
  const candidate = trainIntentModel(rows);
  const trainS = (Date.now() - started) / 1000;
  const active =
    'gz' in input.active
      ? IntentModel.fromJSON(JSON.parse(gunzipSync(input.active.gz).toString('utf8')))
      : IntentModel.load(input.active.path);
  const evalRows = readLabelledCsv(input.evalPath);
  const truth = evalRows.map((r) => r.intent);
  const figures = {
    candidate: evaluatePredictions(truth, predictLabels(candidate, evalRows)),
    active: evaluatePredictions(truth, predictLabels(active, evalRows)),
    trainingRows: rows.length,
    examples: input.examples.length,
    trainS,
  };
  return { kind: 'trained', modelGz: gzipSync(JSON.stringify(candidate.toJSON())), figures };
}

try {
  const output = retrain(workerData as RetrainInput);
  port.postMessage(output);
} catch (error) {
  port.postMessage({ kind: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies RetrainOutput);
}
