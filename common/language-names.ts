import { isShippedLanguage, REFERENCE_LANGUAGE, type Language } from './languages';

/** How agents read each shipped language: its English name, then its own. */
const LANGUAGE_LABELS: Readonly<Record<Language, string>> = {
  en: 'English',
  de: 'German (Deutsch)',
  zh: 'Chinese (中文)',
};

/**
 * A stored language code as agents read it. Null (rows from before languages existed) is
 * English; a code the shop no longer ships is shown as it is.
 */
export function languageLabel(code: string | null): string {
  const language = code ?? REFERENCE_LANGUAGE;
  return isShippedLanguage(language) ? LANGUAGE_LABELS[language] : language;
}
