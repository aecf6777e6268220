const NUMBER_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5 };
const NUMBER = '([1-5]|one|two|three|four|five)';
/** "5", "five", "5/5", "5 out of 5", "4 stars", "five stars", with any trailing punctuation. */
const TYPED = new RegExp(`^${NUMBER}(?:\\s*(?:/\\s*5|out of (?:5|five))|\\s*stars?)?$`, 'i');
/** "★★★★" or "★★★★☆": the filled stars count. */
const STARS = /^(★{1,5})☆*$/;

/**
 * The 1–5 rating a customer typed or said in answer to the survey, or undefined when the text
 * is not only a rating. Speech recognisers add punctuation ("Five."), so it is ignored.
 */
export function parseRating(text: string): number | undefined {
  const plain = text
    .trim()
    .replace(/[.!?,]+$/u, '')
    .trim();
  const stars = STARS.exec(plain.replace(/\s+/g, ''));
  if (stars) return stars[1].length;
  const typed = TYPED.exec(plain);
  if (!typed) return undefined;
  const n = typed[1].toLowerCase();
  return NUMBER_WORDS[n] ?? Number(n);
}
