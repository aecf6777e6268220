import path from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * Starts the worker script `name` in `dir`: the compiled `.js` in production; from the
 * TypeScript sources (tests, `tsx`), through tsx's require hook, which the thread does not
 * inherit from a hook registered in-process.
 */
export function spawnWorker(dir: string, name: string, workerData: unknown): Worker {
  const compiled = __filename.endsWith('.js');
  const entry = require.resolve(path.join(dir, `${name}${compiled ? '.js' : '.ts'}`));
  if (compiled) return new Worker(entry, { workerData });
  return new Worker(`require('tsx/cjs'); require(${JSON.stringify(entry)});`, { eval: true, workerData });
}
