import { type Entity, extractEntities } from './entities';
import { type IntentScore, IntentModel } from './intent-model';
import { sentimentScore } from './sentiment';
import { demoShopVocabulary, type ShopVocabulary } from './shop-vocabulary';

/** Everything the bot needs to know about one customer message. */
export interface Understanding {
  /** Best in-scope intent (even when `outOfScope` is set). */
  intent: string;
  /** Calibrated probability of `intent`. */
  confidence: number;
  outOfScope: boolean;
  /** `confidence` minus the confidence of the second intent. */
  margin: number;
  alternatives: IntentScore[];
  entities: Entity[];
  /** −1 (negative) … 1 (positive). */
  sentiment: number;
}

/** The natural-language understanding of support-bot: intent, out of scope, entities, sentiment. */
export class Nlu {
  private constructor(
    private readonly model: IntentModel,
    private readonly shop: ShopVocabulary,
  ) {}

  /**
   * Loads a model file written by `support-bot nlu train` (and the sentiment lexicon); `shop`
   * (order number formats, products) defaults to the demo shop's.
   */
  static load(modelPath: string, shop?: ShopVocabulary): Nlu {
    return Nlu.fromModel(IntentModel.load(modelPath), shop);
  }

  /** Wraps an already built intent model (loading the sentiment lexicon now, not on the first message). */
  static fromModel(model: IntentModel, shop: ShopVocabulary = demoShopVocabulary()): Nlu {
    sentimentScore('ok', model.language);
    return new Nlu(model, shop);
  }

  /** The in-scope intents of the model, sorted. */
  get intents(): string[] {
    return this.model.intents;
  }

  /** Understands one message, written in the model's language (its sentiment read with that language's lexicon). */
  understand(text: string): Understanding {
    const prediction = this.model.predict(text);
    return {
      intent: prediction.intent,
      confidence: prediction.confidence,
      outOfScope: prediction.outOfScope,
      margin: prediction.margin,
      alternatives: prediction.alternatives,
      entities: extractEntities(text, this.shop),
      sentiment: sentimentScore(text, this.model.language),
    };
  }
}
