import type { Understanding } from '../../nlu/nlu';
import type { ShopVocabularySource } from '../../nlu/shop-vocabulary';

/** What the bot thread asks an NLU worker. */
export interface UnderstandRequest {
  id: number;
  text: string;
}

/** A worker's answer to one {@link UnderstandRequest}, or the start-up signal. */
export type WorkerMessage =
  { kind: 'ready' } | { kind: 'result'; id: number; understanding: Understanding } | { kind: 'failed'; id: number; message: string };

/** Data a worker starts with. */
export interface WorkerStartData {
  modelPath: string;
  /** The shop's order number formats and product list. */
  shop: ShopVocabularySource;
}
