import { placeholders } from './placeholders';

const placeholderSet = new Set<string>(Object.values(placeholders));

/** Largest number of tokens a stemmer remembers. */
const maxCached = 200_000;
/** Longest token remembered: no word is longer, and a client's 10,000-letter "word" must not fill memory. */
const maxCachedLength = 32;

/**
 * Wraps a stemmer so that placeholders pass unchanged and each token is stemmed once (up to
 * {@link maxCached} distinct tokens of at most {@link maxCachedLength} characters).
 */
export function cachedStemmer(stem: (token: string) => string): (token: string) => string {
  const cache = new Map<string, string>();
  return (token) => {
    if (placeholderSet.has(token)) return token;
    let stemmed = cache.get(token);
    if (stemmed === undefined) {
      stemmed = stem(token);
      if (cache.size < maxCached && token.length <= maxCachedLength) cache.set(token, stemmed);
    }
    return stemmed;
  };
}
