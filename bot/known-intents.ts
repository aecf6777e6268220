import { readLabelledCsv } from '../nlu';
import { InputError } from '../store/errors';

/**
 * The labels an example or a ticket may take: those of the training file the retrain reads
 * (`NLU_TRAINING_PATH`, nlu/data/intents.csv by default),
 * `oos` included, so a label always names something the model is trained on.
 */
export class KnownIntents {
  private constructor(private readonly labels: ReadonlySet<string>) {}

  /** The labels of a training CSV. */
  static load(file: string): KnownIntents {
    return new KnownIntents(new Set(readLabelledCsv(file).map((row) => row.intent)));
  }

  /** The labels, sorted. */
  get all(): string[] {
    return [...this.labels].sort();
  }

  /** `intent` when the training file knows it; an InputError naming the field otherwise. */
  check(intent: string): string {
    if (!this.labels.has(intent)) throw new InputError(`intent: unknown intent "${intent.slice(0, 64)}"`);
    return intent;
  }
}
