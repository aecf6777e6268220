import { REFERENCE_LANGUAGE, type Language, isShippedLanguage } from '../common/languages';
import type { LanguageDetector } from './language-detection';

/** What the language of a reply is chosen from. */
export interface LanguageChoiceInput {
  /** The customer's message. */
  readonly text: string;
  /** The activity's locale ("de-DE", "zh-CN", "zh-Hans"), when the channel sent one. */
  readonly locale?: string | null;
  /** The conversation's language so far, when it has one. */
  readonly previous?: Language | null;
}

/** The language to answer in, and what decided it. */
export interface LanguageChoice {
  readonly language: Language;
  readonly source: 'text' | 'locale' | 'previous' | 'default';
  /** A language confidently detected in the text that the shop does not ship (answered in English). */
  readonly unsupported?: string;
}

/**
 * Chooses the reply language, in the order the issue fixes: a confident detection on the
 * text; the activity's locale (when it maps to a shipped language); the conversation's
 * previous language; English. A confident detection of a language the shop does not ship
 * answers in English and names that language in `unsupported`.
 */
export function chooseLanguage(input: LanguageChoiceInput, detector: LanguageDetector): LanguageChoice {
  const detected = detector.detect(input.text);
  if (detected !== undefined) {
    return isShippedLanguage(detected.code)
      ? { language: detected.code, source: 'text' }
      : { language: REFERENCE_LANGUAGE, source: 'text', unsupported: detected.code };
  }
  const fromLocale = localeLanguage(input.locale);
  if (fromLocale !== undefined) return { language: fromLocale, source: 'locale' };
  if (input.previous != null) return { language: input.previous, source: 'previous' };
  return { language: REFERENCE_LANGUAGE, source: 'default' };
}

/** Chinese locales written in Traditional characters: the shop ships Simplified Chinese only. */
const traditionalChinese = /^zh[-_](?:hant|tw|hk|mo)\b/i;

/**
 * The shipped language of a BCP 47 locale ("de-DE" → de, "zh-CN" and "zh-Hans" → zh), if
 * any; Traditional Chinese locales ("zh-TW", "zh-Hant") are not Simplified Chinese.
 */
export function localeLanguage(locale: string | null | undefined): Language | undefined {
  const tag = locale?.trim() ?? '';
  if (traditionalChinese.test(tag)) return undefined;
  const primary = tag.split(/[-_]/)[0].toLowerCase();
  return isShippedLanguage(primary) ? primary : undefined;
}
