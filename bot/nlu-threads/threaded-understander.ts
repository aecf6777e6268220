import type { Worker } from 'node:worker_threads';
import type { Understander, Understanding } from '../../dialogs/ports';
import { MINUTE_MS } from '../../common/time';
import { Nlu } from '../../nlu/nlu';
import { DEMO_SHOP_VOCABULARY, loadShopVocabulary, type ShopVocabularySource } from '../../nlu/shop-vocabulary';
import type { Logger } from '../logger';
import type { UnderstandRequest, WorkerMessage, WorkerStartData } from './protocol';
import { spawnWorker } from './spawn-worker';

/** A worker that died this many times within {@link RESTART_WINDOW_MS} is not restarted again. */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = MINUTE_MS;

interface Pending {
  text: string;
  resolve(understanding: Understanding): void;
  reject(error: Error): void;
}

/** One worker thread and the requests it has not answered yet. */
interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
  restarts: number[];
}

/**
 * Runs `Nlu.understand` on worker threads: compromise's tagging and the intent model are the
 * largest CPU cost of a turn, and here they run beside the event loop, which keeps serving
 * other conversations meanwhile. Each request goes to the worker with the fewest outstanding
 * requests. A worker that dies is restarted (at most {@link MAX_RESTARTS} times a minute);
 * what it had not answered, and everything once no worker is left, is understood on this
 * thread by a model loaded on first need, so a turn never fails because a thread did.
 */
export class ThreadedUnderstander implements Understander {
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private closing = false;
  private fallback?: Nlu;

  private constructor(
    private readonly modelPath: string,
    private readonly logger: Logger,
    private readonly shop: ShopVocabularySource,
  ) {}

  /** Starts `threads` workers on `modelPath` and waits until every one has loaded it (and `shop`, default the demo shop's). */
  static async start(
    modelPath: string,
    threads: number,
    logger: Logger,
    shop: ShopVocabularySource = DEMO_SHOP_VOCABULARY,
  ): Promise<ThreadedUnderstander> {
    const understander = new ThreadedUnderstander(modelPath, logger, shop);
    try {
      await Promise.all(Array.from({ length: threads }, () => understander.addSlot()));
    } catch (error) {
      await understander.close();
      throw error;
    }
    return understander;
  }

  understand(text: string): Promise<Understanding> {
    const slot = this.leastBusy();
    if (!slot) return Promise.resolve(this.understandHere(text));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      slot.pending.set(id, { text, resolve, reject });
      slot.worker.postMessage({ id, text } satisfies UnderstandRequest);
    });
  }

  /** Stops the workers; later requests are understood on this thread. */
  async close(): Promise<void> {
    this.closing = true;
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate()));
    for (const slot of slots) this.answerHere(slot);
  }

  private leastBusy(): Slot | undefined {
    let best: Slot | undefined;
    for (const slot of this.slots) if (!best || slot.pending.size < best.pending.size) best = slot;
    return best;
  }

  private addSlot(restarts: number[] = []): Promise<void> {
    const worker = spawnWorker(__dirname, 'understand-worker', { modelPath: this.modelPath, shop: this.shop } satisfies WorkerStartData);
    const slot: Slot = { worker, pending: new Map(), restarts };
    return new Promise((resolve, reject) => {
      let ready = false;
      worker.on('message', (message: WorkerMessage) => {
        if (message.kind === 'ready') {
          ready = true;
          this.slots.push(slot);
          resolve();
          return;
        }
        const pending = slot.pending.get(message.id);
        if (!pending) return;
        slot.pending.delete(message.id);
        if (message.kind === 'result') pending.resolve(message.understanding);
        else pending.reject(new Error(`nlu worker: ${message.message}`));
      });
      worker.on('error', (error) => {
        if (!ready) reject(error);
        else this.logger.error({ err: error }, 'nlu worker failed');
      });
      worker.on('exit', (code) => {
        if (ready) this.onWorkerExit(slot, code);
      });
    });
  }

  private onWorkerExit(slot: Slot, code: number): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return; // closed on purpose
    this.slots.splice(index, 1);
    this.answerHere(slot);
    if (this.closing) return;
    const now = Date.now();
    const recent = [...slot.restarts.filter((t) => now - t < RESTART_WINDOW_MS), now];
    if (recent.length > MAX_RESTARTS) {
      this.logger.error({ code }, 'nlu worker keeps exiting; understanding on the main thread from now on');
      return;
    }
    this.logger.warn({ code }, 'nlu worker exited; starting a new one');
    this.addSlot(recent).catch((error: unknown) => this.logger.error({ err: error }, 'nlu worker could not be restarted'));
  }

  /** Answers what a stopped worker left unanswered on this thread. */
  private answerHere(slot: Slot): void {
    for (const pending of slot.pending.values()) {
      try {
        pending.resolve(this.understandHere(pending.text));
      } catch (error) {
        pending.reject(error instanceof Error ? error : new Error(String(error)));
      }
    }
    slot.pending.clear();
  }

  private understandHere(text: string): Understanding {
    this.fallback ??= Nlu.load(this.modelPath, loadShopVocabulary(this.shop));
    return this.fallback.understand(text);
  }
}
