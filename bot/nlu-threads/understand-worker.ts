/**
 * Entry of an NLU worker thread: loads the intent model once and answers
 * {@link UnderstandRequest}s with `Nlu.understand`, so tagging and classification run beside
 * the bot's event loop instead of on it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Nlu } from '../../nlu/nlu';
import { loadShopVocabulary } from '../../nlu/shop-vocabulary';
import type { UnderstandRequest, WorkerMessage, WorkerStartData } from './protocol';

const port = parentPort;
if (!port) throw new Error('understand-worker must run in a worker thread');
const start = workerData as WorkerStartData;
const nlu = Nlu.load(start.modelPath, loadShopVocabulary(start.shop));
const post = (message: WorkerMessage) => port.postMessage(message);

port.on('message', ({ id, text }: UnderstandRequest) => {
  try {
    post({ kind: 'result', id, understanding: nlu.understand(text) });
  } catch (error) {
    post({ kind: 'failed', id, message: error instanceof Error ? error.message : String(error) });
  }
});
post({ kind: 'ready' });
