import type { TextAnalyser } from './text-analyser';
import { wordTerms } from './text-terms';

/** The terms of one message in the word and character spaces. */
export interface MessageTerms {
  readonly normalised: string;
  readonly word: string[];
  readonly char: string[];
}

/** Normalises a message and extracts its word 1–2-gram and character n-gram terms in the analyser's language. */
export function messageTerms(text: string, analyser: TextAnalyser): MessageTerms {
  return termsOfNormalised(analyser.normalise(text), analyser);
}

/** Terms of an already normalised text (used when reloading stored training rows). */
export function termsOfNormalised(normalised: string, analyser: TextAnalyser): MessageTerms {
  return { normalised, word: wordTermsOfNormalised(normalised, analyser), char: analyser.charTerms(normalised) };
}

/** The word 1–2-gram terms of an already normalised text. */
export function wordTermsOfNormalised(normalised: string, analyser: TextAnalyser): string[] {
  return wordTerms(normalised.length === 0 ? [] : normalised.split(' ').map(analyser.stem));
}
