import germanStemmer from 'natural/lib/natural/stemmers/porter_stemmer_de';

import { amountPattern } from './patterns';
import { numberPattern, placeholders, replaceStructuredValues } from './placeholders';
import { cachedStemmer } from './stem-cache';
import type { TextAnalyser } from './text-analyser';
import { charTerms } from './text-terms';

const umlauts: Readonly<Record<string, string>> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' };

/**
 * Lower case, umlauts and ß folded (ä→ae, ö→oe, ü→ue, ß→ss, so "Rückgabe" and "Rueckgabe"
 * are one word), other accents dropped, structured values and numbers replaced with
 * placeholders, only letters, digits and spaces kept.
 */
function normaliseGerman(text: string): string {
  return replaceStructuredValues(text, amountPattern)
    .toLowerCase()
    .replace(/[äöüß]/g, (c) => umlauts[c] ?? c)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(numberPattern, ` ${placeholders.number} `)
    .replace(/[^a-z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** German function words, folded as the normaliser folds them. */
const germanFunctionWords = new Set(
  (
    'der die das den dem des ein eine einen einem einer eines und oder aber wenn dass so von zu zum zur ' +
    'in im ins an am auf bei beim mit fuer ueber unter aus nach vor um als dann auch sehr nur noch schon ' +
    'mal doch denn ja nein nicht ich mich mir mein meine meinen meinem meiner wir uns unser unsere du ' +
    'dich dir dein deine sie ihr ihre ihnen er ihn ihm sein seine es man dies diese dieser dieses was ' +
    'wer wen wem wann wo warum wie welche welcher welches ist bin bist sind war waren gewesen habe hast ' +
    'hat haben hatte hatten werde wird werden wuerde wuerden kann kannst koennen koennte soll sollte ' +
    'muss muessen darf mag alle jeder jede jedes mehr hier da bitte'
  ).split(' '),
);

/** German: folded umlauts, natural's Snowball (Porter) German stemmer, character 3–5-grams. */
export const germanAnalyser: TextAnalyser = {
  language: 'de',
  normalise: normaliseGerman,
  stem: cachedStemmer((token) => germanStemmer.stem(token)),
  charTerms,
  charTermsPerWord: true,
  functionWords: germanFunctionWords,
};
