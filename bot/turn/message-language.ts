import { isShippedLanguage, type Language } from '../../common/languages';
import { chooseLanguage, type LanguageChoice, type LanguageChoiceInput } from '../../nlu/language-choice';
import { loadLanguageDetector } from '../../nlu/language-detection';

export type { LanguageChoice, LanguageChoiceInput };

/** Chooses the language of one customer message. */
export type MessageLanguage = (input: LanguageChoiceInput) => LanguageChoice;

/**
 * The language choice of customer turns, loaded once at start (the detector's language
 * profiles come from an ESM-only package): a confident detection on the text, then the
 * activity's locale, the conversation's previous language, English (nlu/language-choice.ts).
 */
export async function loadMessageLanguage(): Promise<MessageLanguage> {
  const detector = await loadLanguageDetector();
  return (input) => chooseLanguage(input, detector);
}

/** A stored language column as a shipped language (null, or a code no longer shipped, → null). */
export function storedLanguage(value: string | null | undefined): Language | null {
  return value && isShippedLanguage(value) ? value : null;
}
