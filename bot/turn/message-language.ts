import { isShippedLanguage, type Language } from '../../common/languages';
import { languagesOfCatalogueText } from '../../dialogs/messages';
import { chooseLanguage, type LanguageChoice, type LanguageChoiceInput } from '../../nlu/language-choice';
import { loadLanguageDetector } from '../../nlu/language-detection';

export type { LanguageChoice };

/** What is known about a customer message when its language is chosen. */
export interface MessageLanguageInput extends LanguageChoiceInput {
  /** A card submit (a rating, a button on a card): it carries no words of the customer's. */
  cardAction?: boolean;
}

/** Chooses the language of one customer message. */
export type MessageLanguage = (input: MessageLanguageInput) => LanguageChoice;

/**
 * The language choice of customer turns, loaded once at start (the detector's language
 * profiles come from an ESM-only package): a confident detection on the text, then the
 * activity's locale, the conversation's previous language, English (nlu/language-choice.ts).
 *
 * A card submit or a button of the bot's own pressed ("Ja", "是") is the bot's words coming
 * back: it keeps the conversation's language rather than falling to the browser's locale (a
 * German customer on an English browser would otherwise get English after pressing "Ja"), and
 * a button of one language only is that language.
 */
export async function loadMessageLanguage(): Promise<MessageLanguage> {
  const detector = await loadLanguageDetector();
  return (input) => {
    const own = input.cardAction && !input.text.trim() ? [] : languagesOfCatalogueText(input.text);
    if (input.previous && (input.cardAction || own.includes(input.previous))) return { language: input.previous, source: 'previous' };
    if (own.length === 1) return { language: own[0], source: 'text' };
    return chooseLanguage(input, detector);
  };
}

/** A stored language column as a shipped language (null, or a code no longer shipped, → null). */
export function storedLanguage(value: string | null | undefined): Language | null {
  return value && isShippedLanguage(value) ? value : null;
}
