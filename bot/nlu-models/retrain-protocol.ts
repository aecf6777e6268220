import type { EvalReport } from '../../nlu/evaluate';
import type { LabelledText } from '../../nlu/training-data';

/** What a retrain worker is started with. */
export interface RetrainInput {
  /** The training file (`nlu/data/intents.csv` unless configured otherwise). */
  trainingPath: string;
  /** Confirmed examples, added to the training rows. */
  examples: LabelledText[];
  /** The evaluation file both models are scored on. */
  evalPath: string;
  /** The active model: gzipped JSON from the database, or the shipped model file. */
  active: { gz: Uint8Array } | { path: string };
}

/** Figures of one retrain, stored with the model. */
export interface RetrainFigures {
  candidate: EvalReport;
  active: EvalReport;
  trainingRows: number;
  examples: number;
  trainS: number;
}

/** A retrain worker's answer. */
export type RetrainOutput = { kind: 'trained'; modelGz: Uint8Array; figures: RetrainFigures } | { kind: 'failed'; message: string };
