import { isShippedLanguage } from '../common/languages';
import { hanCount } from './han-script';
import { emailPattern, orderNumberPattern } from './patterns';

/** A language found in a text: its ISO 639-1 code and the margin over the runner-up (0–1). */
export interface LanguageDetection {
  readonly code: string;
  readonly confidence: number;
}

/** Tells which language a customer's text is written in, or nothing when the text cannot say. */
export interface LanguageDetector {
  detect(text: string): LanguageDetection | undefined;
}

/** franc's `francAll`: languages (ISO 639-3) with scores, the best first at 1. */
export type FrancAll = (value: string, options: { only: string[]; minLength: number }) => Array<[string, number]>;

/** How sure a detection must be; chosen on the evaluation rows (docs/benchmarks-nlu.md). */
export interface DetectionThresholds {
  /** Fewest letters (after order numbers, e-mails, digits and symbols are taken out). */
  readonly minLetters: number;
  /** Smallest margin of the best language's score over the runner-up's, for English. */
  readonly minMargin: number;
  /**
   * The same for any other Latin-script language: most customers write English, and a false
   * switch costs an English customer their answer (another model, or the unsupported-language
   * note), while a missed one still leaves the locale and the conversation's language to decide.
   */
  readonly minMarginAwayFromEnglish: number;
  /**
   * The margin a language the shop does not ship needs over the best shipped one: such a text
   * is not read by any model (the customer gets a note and the help topics), so an English
   * customer's "do u take visa" must never land there.
   */
  readonly minMarginUnshipped: number;
  /** Fewest words. */
  readonly minWords: number;
  /** Fewest Han characters that make a text Chinese. */
  readonly minHan: number;
  /** Weight of the share of a language's function words beside its franc score. */
  readonly functionWordWeight: number;
}

/** The thresholds chosen on the English, German and Chinese evaluation rows. */
export const defaultDetectionThresholds: DetectionThresholds = {
  minLetters: 12,
  minWords: 3,
  minMargin: 0.3,
  minMarginAwayFromEnglish: 0.5,
  minMarginUnshipped: 0.8,
  minHan: 2,
  functionWordWeight: 2,
};

/**
 * The languages franc may answer with (ISO 639-3 → 639-1): the EU languages franc-min knows
 * and the shop's customers plausibly write. Restricting it keeps short texts from coming back
 * as languages nobody here writes.
 */
const candidates: Readonly<Record<string, string>> = {
  eng: 'en',
  deu: 'de',
  spa: 'es',
  fra: 'fr',
  ita: 'it',
  nld: 'nl',
  por: 'pt',
  pol: 'pl',
  swe: 'sv',
};

/**
 * Very frequent function words of each candidate language. franc's trigrams alone often take
 * a short English question for Dutch or German; a share of a language's own function words
 * among the text's words is added to its franc score.
 */
const functionWords: Readonly<Record<string, ReadonlySet<string>>> = Object.fromEntries(
  Object.entries({
    eng: 'the a an and or to of in on for is are was be it i my me you your we this that with not have has do does can how what where when why please',
    deu: 'der die das den dem ein eine einen und oder ich mein meine meinen nicht ist sind wie wo was wann warum bitte mit für auf zu von kann können habe hat noch schon es sie wir',
    spa: 'el la los las un una y o de del en mi mis no es por para con que qué cómo dónde cuando quiero puedo está',
    fra: 'le la les un une et ou de du des en mon ma mes ne pas est pour avec que qui comment où je veux peux suis vous voudrais votre merci bonjour',
    ita: 'il lo la gli le un una e o di del in mio mia non è per con che come dove voglio posso sono',
    nld: 'de het een en of van in mijn niet is voor met dat wat hoe waar ik wil kan ben',
    por: 'o a os as um uma e ou de do da em meu minha não é para com que como onde quero posso estou',
    // Not `i`, `do`, `to`: English words too.
    pol: 'w z na nie jest się jak gdzie moje moja mój chcę mogę czy że',
    swe: 'och att det som en ett är jag min mitt inte på för med hur var vad kan vill har',
  }).map(([lang, words]) => [lang, new Set(words.split(' '))]),
);

/** Scripts that decide a language by themselves. */
const kana = /[\p{Script=Hiragana}\p{Script=Katakana}]/gu;
/** Fewest kana that make a text Japanese: one is a smiley (¯\\_(ツ)_/¯). */
const MIN_KANA = 2;
const hangul = /\p{Script=Hangul}/u;

/**
 * Alphabets no shipped language is written in, each with the language most written in it: the
 * code only names what the shop does not ship (franc's candidates are Latin-script languages,
 * so without this "Где мой заказ?" was read by the English model as out of scope).
 */
const otherAlphabets: ReadonlyArray<readonly [RegExp, string]> = [
  [/\p{Script=Cyrillic}/gu, 'ru'],
  [/\p{Script=Arabic}/gu, 'ar'],
  [/\p{Script=Greek}/gu, 'el'],
  [/\p{Script=Hebrew}/gu, 'he'],
  [/\p{Script=Thai}/gu, 'th'],
  [/\p{Script=Devanagari}/gu, 'hi'],
  [/\p{Script=Armenian}/gu, 'hy'],
  [/\p{Script=Georgian}/gu, 'ka'],
];

/** Fewest letters of another alphabet that decide a text (and they must be most of its letters). */
const MIN_ALPHABET_LETTERS = 3;

/** The language of another alphabet most of the text's letters are written in, if any. */
function byAlphabet(letters: string): LanguageDetection | undefined {
  const total = letters.replace(/\s/g, '').length;
  for (const [alphabet, code] of otherAlphabets) {
    const count = letters.match(alphabet)?.length ?? 0;
    if (count >= MIN_ALPHABET_LETTERS && count * 2 > total) return { code, confidence: count / total };
  }
  return undefined;
}

/**
 * A detector over franc's `francAll` (see {@link loadLanguageDetector}): order numbers,
 * e-mails, digits and symbols are taken out first; Han characters decide Chinese by script
 * (Japanese when kana are present too, Korean for Hangul), another alphabet (Cyrillic, Arabic,
 * Greek, …) a language the shop does not ship; other texts need
 * `minLetters` letters and a margin between the best candidate language and the runner-up
 * (franc's score plus the share of that language's function words): `minMargin` for English,
 * `minMarginAwayFromEnglish` for another shipped one, `minMarginUnshipped` for a language the
 * shop does not ship (measured against the best shipped one only). A text English by its
 * function words alone ({@link clearlyEnglishShare}) skips franc, unless `englishShortcut` is
 * false (the test that checks the shortcut against franc).
 */
export function languageDetectorOf(
  francAll: FrancAll,
  thresholds: DetectionThresholds = defaultDetectionThresholds,
  options: { englishShortcut?: boolean } = {},
): LanguageDetector {
  const shortcut = options.englishShortcut ?? true;
  const only = Object.keys(candidates);
  return {
    detect(text) {
      const letters = text
        .replace(orderNumberPattern, ' ')
        .replace(emailPattern, ' ')
        .replace(/[^\p{L}\s]+/gu, ' ')
        .replace(/\s+/g, ' ')
        .trim();
      const han = hanCount(letters);
      // A Chinese word or name in an English sentence ("the 小米 phone") does not make it Chinese:
      // the Han characters must outnumber the other words.
      const otherWords = letters.split(/[\s\p{Script=Han}]+/u).filter(Boolean).length;
      const chinese = han >= thresholds.minHan && han >= otherWords;
      if (chinese || kanaCount(letters) >= MIN_KANA || hangul.test(letters)) return byScript(letters, han);
      const alphabet = byAlphabet(letters);
      if (alphabet) return alphabet;
      const words = letters.toLowerCase().split(' ');
      if (letters.replace(/\s/g, '').length < thresholds.minLetters || words.length < thresholds.minWords) return undefined;
      const english = shortcut ? clearlyEnglishShare(letters, words) : undefined;
      if (english !== undefined) return { code: 'en', confidence: english };
      const scored = francAll(letters, { only, minLength: 1 })
        .filter(([lang]) => lang in candidates)
        .map(([lang, score]): [string, number] => [lang, score + thresholds.functionWordWeight * share(words, functionWords[lang])])
        .sort((a, b) => b[1] - a[1]);
      const [best] = scored;
      if (best === undefined) return undefined;
      const code = candidates[best[0]];
      // Which language the shop does not ship it is (Spanish or Portuguese) changes nothing:
      // such a text only has to stand out from the shipped ones.
      const rival = scored.find(([lang]) => lang !== best[0] && (isShippedLanguage(code) || isShippedLanguage(candidates[lang])));
      const confidence = best[1] - (rival?.[1] ?? 0);
      const needed =
        code === 'en'
          ? thresholds.minMargin
          : isShippedLanguage(code)
            ? thresholds.minMarginAwayFromEnglish
            : thresholds.minMarginUnshipped;
      return confidence >= needed ? { code, confidence: Math.min(1, confidence) } : undefined;
    },
  };
}

/** Fewest words of a text that its function words alone may call English. */
const CLEARLY_ENGLISH_MIN_WORDS = 8;
/** Smallest share of words that are English function words and nothing else. */
const CLEARLY_ENGLISH_MIN_SHARE = 0.3;
/** Fewest different such words ("the the the …" says little). */
const CLEARLY_ENGLISH_MIN_DISTINCT = 3;
/** The function words of the other candidate languages ("die", "de", "et", and "was", "in", "a" …). */
const foreignFunctionWords = new Set(
  Object.entries(functionWords)
    .filter(([lang]) => lang !== 'eng')
    .flatMap(([, words]) => [...words]),
);
/** English function words that are no other candidate's ("the", "and", "my"; not "was", "in", "a"). */
const onlyEnglishFunctionWords = new Set([...functionWords.eng].filter((word) => !foreignFunctionWords.has(word)));

/**
 * The share of English-only function words of a text English by them alone, else undefined: at
 * least {@link CLEARLY_ENGLISH_MIN_WORDS} words, only unaccented letters, no word that is a
 * function word of another candidate language only, and at least
 * {@link CLEARLY_ENGLISH_MIN_SHARE} words (of {@link CLEARLY_ENGLISH_MIN_DISTINCT} kinds) that
 * are English function words and nothing else. Such a text skips franc (the costliest step of
 * detection, run on every message): on the English, German and Chinese training and evaluation
 * files, franc and the function words call every text this lets through English or leave it
 * undecided, never another language (test/nlu/language-detection.test.ts).
 */
function clearlyEnglishShare(letters: string, words: readonly string[]): number | undefined {
  if (words.length < CLEARLY_ENGLISH_MIN_WORDS || !/^[A-Za-z ]*$/.test(letters)) return undefined;
  if (words.some((word) => foreignFunctionWords.has(word) && !functionWords.eng.has(word))) return undefined;
  const english = words.filter((word) => onlyEnglishFunctionWords.has(word));
  const share = english.length / words.length;
  return share >= CLEARLY_ENGLISH_MIN_SHARE && new Set(english).size >= CLEARLY_ENGLISH_MIN_DISTINCT ? share : undefined;
}

function kanaCount(letters: string): number {
  return letters.match(kana)?.length ?? 0;
}

function byScript(letters: string, han: number): LanguageDetection {
  if (kanaCount(letters) >= MIN_KANA) return { code: 'ja', confidence: 1 };
  if (hangul.test(letters)) return { code: 'ko', confidence: 1 };
  const total = letters.replace(/\s/g, '').length;
  return { code: 'zh', confidence: han / total };
}

function share(words: readonly string[], set: ReadonlySet<string> | undefined): number {
  if (set === undefined || words.length === 0) return 0;
  return words.filter((w) => set.has(w)).length / words.length;
}

/** Loads franc-min (ESM-only, so imported dynamically, once per call) and returns a detector over it. */
export async function loadLanguageDetector(thresholds?: DetectionThresholds): Promise<LanguageDetector> {
  const { francAll } = await import('franc-min');
  return languageDetectorOf(francAll, thresholds);
}
