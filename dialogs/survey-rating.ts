import type { Language } from '../common/languages';
import { typedAnswersOf } from './typed-answers';

/** "5/5", "4 / 5": a digit out of five. */
const OUT_OF_FIVE = /^([1-5])\s*\/\s*5$/;
/** "★★★★" or "★★★★☆": the filled stars count. */
const STARS = /^(★{1,5})☆*$/;

/**
 * The 1–5 rating a customer typed or said in answer to the survey, or undefined when the text
 * is not only a rating: stars, "5/5", or a digit or number word of the message's language or
 * English with its unit ("five stars", "vier Sterne", "五星", "5分"; typed-answers/). Speech
 * recognisers add punctuation ("Five."), so it is ignored.
 */
export function parseRating(text: string, language: Language): number | undefined {
  const plain = text
    .trim()
    .replace(/[.!?,。！？，]+$/u, '')
    .trim();
  const stars = STARS.exec(plain.replace(/\s+/g, ''));
  if (stars) return stars[1].length;
  const outOfFive = OUT_OF_FIVE.exec(plain);
  if (outOfFive) return Number(outOfFive[1]);
  return typedAnswersOf(language).ratingOf(plain);
}
