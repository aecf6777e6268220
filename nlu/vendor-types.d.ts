/**
 * Type declarations for the untyped runtime parts we use: ml-cart's loaders and predictors,
 * and natural's Porter stemmer submodule (imported alone so dotenv never prints on stdout).
 */
declare module 'ml-cart' {
  /** A node of an ml-cart tree as serialised by `toJSON`. */
  export interface CartNodeJson {
    splitValue?: number;
    splitColumn?: number;
    gain?: number;
    left?: CartNodeJson;
    right?: CartNodeJson;
    distribution?: number | number[][];
  }
  /** Options stored with an ml-cart model. */
  export interface CartOptionsJson {
    gainFunction: 'gini' | 'regression';
    splitFunction: 'mean';
    minNumSamples: number;
    maxDepth: number | null;
    gainThreshold?: number;
    kind: 'classifier' | 'regression';
  }
  /** A serialised ml-cart classifier. */
  export interface ClassifierJson {
    name: 'DTClassifier';
    options: CartOptionsJson;
    root: CartNodeJson;
  }
  /** A serialised ml-cart regression tree. */
  export interface RegressionJson {
    name: 'DTRegression';
    options: CartOptionsJson;
    root: CartNodeJson;
  }
  /** Minimal view of ml-matrix rows accepted by predict. */
  export type Rows = number[][];
  /** ml-cart's CART classifier. */
  export class DecisionTreeClassifier {
    constructor(options?: Partial<CartOptionsJson>);
    train(x: Rows, y: number[]): void;
    predict(x: Rows): number[];
    toJSON(): ClassifierJson;
    static load(model: ClassifierJson): DecisionTreeClassifier;
  }
  /** The root node of a loaded tree: `classify` is what `predict` runs for each row. */
  export interface CartRuntimeNode {
    classify(row: ArrayLike<number>): number;
  }
  /** ml-cart's CART regression tree. */
  export class DecisionTreeRegression {
    readonly root: CartRuntimeNode;
    constructor(options?: Partial<CartOptionsJson>);
    train(x: Rows, y: number[]): void;
    predict(x: Rows): number[];
    toJSON(): RegressionJson;
    static load(model: RegressionJson): DecisionTreeRegression;
  }
}

declare module 'natural/lib/natural/stemmers/porter_stemmer' {
  /** Porter stemmer of the natural package. */
  const porterStemmer: { stem(token: string): string };
  export = porterStemmer;
}

declare module 'natural/lib/natural/sentiment/SentimentAnalyzer' {
  /** natural's lexicon-based sentiment analyzer (AFINN, with negation handling). */
  class SentimentAnalyzer {
    constructor(language: string, stemmer: null, type: 'afinn' | 'senticon' | 'pattern');
    /** Mean polarity per word of the tokens. */
    getSentiment(words: string[]): number;
  }
  export = SentimentAnalyzer;
}

declare module 'natural/lib/natural/classifiers/bayes_classifier' {
  /** natural's naive Bayes text classifier. */
  class BayesClassifier {
    addDocument(text: string, label: string): void;
    train(): void;
    classify(text: string): string;
  }
  export = BayesClassifier;
}

declare module 'node-nlp' {
  /** nlp.js intent manager (a peer in bench/nlu.ts only). */
  export class NlpManager {
    constructor(options: { languages: string[]; autoSave?: boolean; autoLoad?: boolean; nlu?: { log?: boolean } });
    addDocument(locale: string, utterance: string, intent: string): void;
    train(): Promise<void>;
    process(locale: string, utterance: string): Promise<{ intent: string; score: number }>;
  }
}

declare module 'natural/lib/natural/stemmers/porter_stemmer_de' {
  /** Snowball (Porter) German stemmer of the natural package. */
  const germanStemmer: { stem(token: string): string };
  export = germanStemmer;
}
