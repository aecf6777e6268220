import { readFileSync } from 'node:fs';

import type { Language } from '../common/languages';
import { decideScope } from './calibration';
import { InputError } from './input-error';
import { type IntentModelJson, intentModelJsonSchema } from './intent-model-json';
import { KnownWords } from './known-words';
import { SimilaritySpaces, TreeScorer, rankMessage, vectoriseMessage, withJoint } from './intent-ranker';
import { LinearScorer } from './linear-scorer';
import { termsOfNormalised, wordTermsOfNormalised } from './message-features';
import { dequantiseWeights } from './quantised-weights';
import { type TextAnalyser, analyserOf } from './text-analyser';
import { TfidfSpace } from './tfidf-space';
import { WordCharIndex } from './word-char-index';

function inScopeTexts(json: IntentModelJson): string[] {
  return json.training.normalised.filter((_, i) => json.training.labels[i] !== json.oosClass);
}

/** An intent with its calibrated probability. */
export interface IntentScore {
  intent: string;
  confidence: number;
}

/** The classifier's answer for one message. */
export interface IntentPrediction {
  /** Best in-scope intent, even when the message is flagged out of scope. */
  readonly intent: string;
  readonly confidence: number;
  readonly outOfScope: boolean;
  /** Confidence of the best in-scope intent minus that of the second. */
  readonly margin: number;
  /** The next in-scope intents, best first. */
  readonly alternatives: IntentScore[];
}

const maxAlternatives = 3;

/**
 * The trained intent classifier: per-intent signals (similarity in word and character
 * TF-IDF spaces, softmax-regression probabilities) ranked by boosted ml-cart regression
 * trees, calibrated with a temperature, and flagged out of scope by thresholds chosen on
 * held-out training rows.
 */
export class IntentModel {
  private readonly charIndex: WordCharIndex;

  private constructor(
    private readonly json: IntentModelJson,
    private readonly spaces: SimilaritySpaces,
    private readonly linear: LinearScorer,
    private readonly scorer: TreeScorer,
    private readonly knownWords: KnownWords,
    private readonly analyser: TextAnalyser,
  ) {
    this.charIndex = new WordCharIndex(spaces.char, analyser);
  }

  /** Builds the runtime model from its JSON form (rebuilding the similarity indexes). */
  static fromJSON(data: unknown): IntentModel {
    const parsed = intentModelJsonSchema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new InputError(`not an intent model (${issue.path.join('.') || 'root'}: ${issue.message})`);
    }
    const json = parsed.data;
    const analyser = analyserOf(json.language);
    const word = TfidfSpace.fromJSON(json.word);
    const char = TfidfSpace.fromJSON(json.char);
    const vectors = json.training.normalised.map((n) => vectoriseMessage(word, char, termsOfNormalised(n, analyser)));
    const labels = Int32Array.from(json.training.labels);
    const spaces = new SimilaritySpaces(word, char, vectors, labels, json.classes.length, json.settings);
    const linear = new LinearScorer(dequantiseWeights(json.linear.weights), Float32Array.from(json.linear.bias));
    return new IntentModel(json, spaces, linear, new TreeScorer(json.trees), new KnownWords(inScopeTexts(json), analyser), analyser);
  }

  /** Reads and builds a model file; an unreadable or invalid file raises an {@link InputError}. */
  static load(modelPath: string): IntentModel {
    let text: string;
    try {
      text = readFileSync(modelPath, 'utf8');
    } catch {
      throw new InputError(`cannot read model file ${modelPath}`);
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw new InputError(`model file ${modelPath} is not JSON`);
    }
    return IntentModel.fromJSON(data);
  }

  /** The language the model was trained on. */
  get language(): Language {
    return this.json.language;
  }

  /** The in-scope intents the model knows, sorted. */
  get intents(): string[] {
    return this.json.classes.filter((_, i) => i !== this.json.oosClass);
  }

  /** Classifies one message. */
  predict(text: string): IntentPrediction {
    const normalised = this.analyser.normalise(text);
    // As `vectoriseMessage(messageTerms(text))`, with each word's character n-grams looked up once.
    const word = this.spaces.word.transform(wordTermsOfNormalised(normalised, this.analyser));
    const vectors = withJoint(this.spaces.word, word, this.charIndex.vector(normalised));
    const ranking = rankMessage(
      {
        similarity: this.spaces.signals(vectors),
        linear: this.linear,
        vectors,
        maxCandidates: this.json.settings.maxCandidates,
        normalised,
        knownWords: this.knownWords,
      },
      this.scorer,
    );
    const decision = decideScope(ranking, this.json.calibration, this.json.oosClass);
    const inScope: IntentScore[] = [];
    ranking.classes.forEach((c, i) => {
      if (c !== this.json.oosClass) inScope.push({ intent: this.json.classes[c], confidence: decision.probabilities[i] });
    });
    const [best, ...rest] = inScope;
    return {
      intent: best.intent,
      confidence: best.confidence,
      outOfScope: decision.outOfScope,
      margin: best.confidence - (rest[0]?.confidence ?? 0),
      alternatives: rest.slice(0, maxAlternatives),
    };
  }

  /** The serialisable model. */
  toJSON(): IntentModelJson {
    return this.json;
  }
}
