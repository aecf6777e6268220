import { hanCharacter } from './han-script';
import { amountPattern } from './patterns';
import { numberPattern, placeholders, replaceStructuredValues } from './placeholders';
import type { TextAnalyser } from './text-analyser';
import { charTerms } from './text-terms';

const hanOnly = /^\p{Script=Han}$/u;

/**
 * Full-width forms folded (NFKC), structured values and numbers replaced with
 * placeholders, lower case; Chinese has no spaces, so every Han character becomes a token of
 * its own (the word space's 1–2-grams are then character unigrams and bigrams), and Latin
 * words stay whole.
 */
function normaliseChinese(text: string): string {
  return replaceStructuredValues(text.normalize('NFKC'), amountPattern)
    .toLowerCase()
    .replace(numberPattern, ` ${placeholders.number} `)
    .replace(/[^\p{Script=Han}a-z0-9 ]+/gu, ' ')
    .replace(hanCharacter, ' $& ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Character terms: the 2–3-grams of each run of Han characters (padded with a space on both
 * sides, so a run's first and last characters are marked), and the 3–5-grams of Latin words.
 */
function chineseCharTerms(normalised: string): string[] {
  const terms: string[] = [];
  const latin: string[] = [];
  let run = '';
  const flush = (): void => {
    const padded = ` ${run} `;
    for (let n = 2; n <= 3; n++) for (let i = 0; i + n <= padded.length; i++) terms.push(padded.slice(i, i + n));
    run = '';
  };
  for (const token of normalised.length === 0 ? [] : normalised.split(' ')) {
    if (hanOnly.test(token)) run += token;
    else {
      if (run.length > 0) flush();
      latin.push(token);
    }
  }
  if (run.length > 0) flush();
  return [...terms, ...charTerms(latin.join(' '))];
}

/** Particles, pronouns and other characters that say nothing about a request on their own. */
const chineseFunctionWords = new Set(
  '的 了 吗 呢 吧 啊 呀 哦 嗯 么 我 你 您 他 她 它 们 是 在 和 与 及 这 那 个 就 也 都 还 很 请 一 把 被 给 对 又 再 而 或 之'.split(' '),
);

/** Simplified Chinese: character tokens, no stemming, Han character 2–3-grams. */
export const chineseAnalyser: TextAnalyser = {
  language: 'zh',
  normalise: normaliseChinese,
  stem: (token) => token,
  charTerms: chineseCharTerms,
  charTermsPerWord: false,
  functionWords: chineseFunctionWords,
};
