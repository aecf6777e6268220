/**
 * The languages the shop ships (issue 19): each is a folder of files — training phrases, KB
 * articles and the bot's message catalogue. English is the reference every other language is
 * checked against; its files stay where they always were (`nlu/data/intents.csv`,
 * `kb/articles/*.md`), the others live in a folder named by their code.
 */
export const SHIPPED_LANGUAGES = ['en', 'de', 'zh'] as const;

/** An ISO 639-1 code of a shipped language (`zh` is Simplified Chinese). */
export type Language = (typeof SHIPPED_LANGUAGES)[number];

/** The reference language, and the one answered when nothing else is known. */
export const REFERENCE_LANGUAGE: Language = 'en';

/** Whether `code` names a shipped language. */
export function isShippedLanguage(code: string): code is Language {
  return (SHIPPED_LANGUAGES as readonly string[]).includes(code);
}
