import SentimentAnalyzer from 'natural/lib/natural/sentiment/SentimentAnalyzer';
import { REFERENCE_LANGUAGE, type Language } from '../common/languages';
import { LexiconSentiment } from './lexicon-sentiment';
import germanLexicon from './data/de/sentiment.json';
import chineseLexicon from './data/zh/sentiment.json';

let analyzer: SentimentAnalyzer | undefined;

/** The lexicon file of each shipped language besides English (which has AFINN); built on first use. */
const LEXICON_FILES: Readonly<Partial<Record<Language, unknown>>> = { de: germanLexicon, zh: chineseLexicon };
const lexicons = new Map<Language, LexiconSentiment>();

/** English: natural's AFINN analyzer (which flips the polarity of words after a negation, so "not happy" is negative). */
function englishScore(text: string): number {
  const words = text.toLowerCase().match(/[a-z]+(?:['’][a-z]+)?/g);
  if (words === null) return 0;
  analyzer ??= new SentimentAnalyzer('English', null, 'afinn');
  const score = analyzer.getSentiment(words.map((w) => w.replace('’', "'")));
  return Number.isFinite(score) ? Math.tanh(score) : 0;
}

/**
 * Sentiment of a message in −1..1, read in the message's `language`: English with AFINN,
 * German and Chinese with their own small lexicons (`nlu/data/<lang>/sentiment.json`) on the
 * same scale, averaged per word and squashed with tanh. Lexicons are loaded on first use.
 */
export function sentimentScore(text: string, language: Language = REFERENCE_LANGUAGE): number {
  if (language === REFERENCE_LANGUAGE) return englishScore(text);
  const file = LEXICON_FILES[language];
  // A language without a lexicon yet reads as neutral, never with English scores.
  if (file === undefined) return 0;
  let lexicon = lexicons.get(language);
  if (!lexicon) {
    lexicon = new LexiconSentiment(file);
    lexicons.set(language, lexicon);
  }
  return lexicon.score(text);
}
