/** The number words of 1–5 in each shipped language (and the spellings customers type for them). */
const NUMBER_WORDS: Readonly<Record<string, number>> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  ein: 1,
  eine: 1,
  eins: 1,
  zwei: 2,
  drei: 3,
  vier: 4,
  fünf: 5,
  fuenf: 5,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
};
const NUMBER = `([1-5]|${Object.keys(NUMBER_WORDS).join('|')})`;
/** "/5", "out of 5", "von fünf"; "stars", "Sterne"; Chinese "分" (points) and "星" (stars). */
const SCALE = '(?:\\s*(?:/\\s*5|out of (?:5|five)|von (?:5|fünf))|\\s*(?:stars?|sterne?|颗?星|分))?';
/** "5", "five", "fünf", "五", "5/5", "5 out of 5", "4 stars", "vier Sterne", "5分", "五星". */
const TYPED = new RegExp(`^${NUMBER}${SCALE}$`, 'i');
/** "★★★★" or "★★★★☆": the filled stars count. */
const STARS = /^(★{1,5})☆*$/;

/**
 * The 1–5 rating a customer typed or said in answer to the survey, in any shipped language, or
 * undefined when the text is not only a rating. Speech recognisers add punctuation ("Five."),
 * so it is ignored, Chinese full stops and full-width digits included.
 */
export function parseRating(text: string): number | undefined {
  const plain = text
    .normalize('NFKC')
    .trim()
    .replace(/[.!?,。！？，]+$/u, '')
    .trim();
  const stars = STARS.exec(plain.replace(/\s+/g, ''));
  if (stars) return stars[1].length;
  const typed = TYPED.exec(plain);
  if (!typed) return undefined;
  const n = typed[1].toLowerCase();
  return NUMBER_WORDS[n] ?? Number(n);
}
