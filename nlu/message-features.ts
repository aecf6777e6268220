import { normaliseWithPlaceholders, stemmedTokens } from './normalise';
import { charTerms, wordTerms } from './text-terms';

/** The terms of one message in the word and character spaces. */
export interface MessageTerms {
  readonly normalised: string;
  readonly word: string[];
  readonly char: string[];
}

/** Normalises a message and extracts its word 1–2-gram and character 3–5-gram terms. */
export function messageTerms(text: string): MessageTerms {
  return termsOfNormalised(normaliseWithPlaceholders(text));
}

/** Terms of an already normalised text (used when reloading stored training rows). */
export function termsOfNormalised(normalised: string): MessageTerms {
  return { normalised, word: wordTerms(stemmedTokens(normalised)), char: charTerms(normalised) };
}
