import { isShippedLanguage, REFERENCE_LANGUAGE, type Language } from '../../common/languages';

/** What is known about a customer message when its language is chosen. */
export interface LanguageChoiceInput {
  text: string;
  /** The channel's interface locale (`de-DE`), when it sent one. */
  locale?: string;
  /** The conversation's language so far (null before its first message). */
  previous?: Language | null;
}

/**
 * The language a customer message is answered in and what decided it. A language the shop does
 * not ship is answered in English, with its code in `unsupported` so the dialog adds a note.
 */
export interface LanguageChoice {
  language: Language;
  source: 'text' | 'locale' | 'previous' | 'default';
  unsupported?: string;
}

/** Chooses the language of one customer message. */
export type MessageLanguage = (input: LanguageChoiceInput) => LanguageChoice;

/**
 * The language choice of customer turns, loaded once at start.
 *
 * Until nlu/language-choice.ts (`chooseLanguage(input, detector)`, with the text detector of
 * nlu/language-detection.ts) is wired in here, the stand-in below skips the detection on the
 * text and follows the rest of the order: the activity's locale, the conversation's previous
 * language, English.
 */
export async function loadMessageLanguage(): Promise<MessageLanguage> {
  return chooseLanguage;
}

function chooseLanguage({ locale, previous }: LanguageChoiceInput): LanguageChoice {
  const fromLocale = locale === undefined ? undefined : primarySubtag(locale);
  if (fromLocale !== undefined && isShippedLanguage(fromLocale)) return { language: fromLocale, source: 'locale' };
  if (previous) return { language: previous, source: 'previous' };
  return { language: REFERENCE_LANGUAGE, source: 'default' };
}

/** The language subtag of a locale (`zh-Hans-CN` → `zh`). */
function primarySubtag(locale: string): string {
  return locale.split(/[-_]/)[0].toLowerCase();
}

/** A stored language column as a shipped language (null, or a code no longer shipped, → null). */
export function storedLanguage(value: string | null | undefined): Language | null {
  return value && isShippedLanguage(value) ? value : null;
}
