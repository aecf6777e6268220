import type { Language } from '../common/languages';
import { chineseAnalyser } from './chinese-analyser';
import { englishAnalyser } from './english-analyser';
import { germanAnalyser } from './german-analyser';

/**
 * How one language's messages become terms: its normaliser (lower case, placeholders for
 * structured values, tokens separated by single spaces), its stemmer, its character terms
 * and the function words that say nothing about what a message is about.
 */
export interface TextAnalyser {
  readonly language: Language;
  /** The message as space-separated tokens, structured values replaced by placeholders. */
  normalise(text: string): string;
  /** The stem of one normalised token; placeholders are kept as they are. */
  stem(token: string): string;
  /** Character n-gram terms of a normalised text. */
  charTerms(normalised: string): string[];
  /**
   * True when {@link charTerms} of a text are those of its words one by one (English, German),
   * so each word's terms can be looked up once and remembered (nlu/word-char-index.ts).
   */
  readonly charTermsPerWord: boolean;
  /** Tokens that carry no meaning of their own ("the", "der", "的"). */
  readonly functionWords: ReadonlySet<string>;
}

const analysers: Readonly<Record<Language, TextAnalyser>> = {
  en: englishAnalyser,
  de: germanAnalyser,
  zh: chineseAnalyser,
};

/** The analyser of a shipped language. */
export function analyserOf(language: Language): TextAnalyser {
  return analysers[language];
}
