import SentimentAnalyzer from 'natural/lib/natural/sentiment/SentimentAnalyzer';

let analyzer: SentimentAnalyzer | undefined;

/**
 * Sentiment of a message in −1..1: natural's AFINN analyzer (which flips the polarity of
 * words after a negation, so "not happy" is negative) averaged per word and squashed with
 * tanh. The lexicon is loaded on first use.
 */
export function sentimentScore(text: string): number {
  const words = text.toLowerCase().match(/[a-z]+(?:['’][a-z]+)?/g);
  if (words === null) return 0;
  analyzer ??= new SentimentAnalyzer('English', null, 'afinn');
  const score = analyzer.getSentiment(words.map((w) => w.replace('’', "'")));
  return Number.isFinite(score) ? Math.tanh(score) : 0;
}
