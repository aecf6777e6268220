import { placeholders } from './placeholders';

const placeholderSet = new Set<string>(Object.values(placeholders));

/** Largest number of tokens a stemmer remembers. */
const maxCached = 200_000;

/**
 * Wraps a stemmer so that placeholders pass unchanged and each token is stemmed once (up to
 * {@link maxCached} distinct tokens).
 */
export function cachedStemmer(stem: (token: string) => string): (token: string) => string {
  const cache = new Map<string, string>();
  return (token) => {
    if (placeholderSet.has(token)) return token;
    let stemmed = cache.get(token);
    if (stemmed === undefined) {
      stemmed = stem(token);
      if (cache.size < maxCached) cache.set(token, stemmed);
    }
    return stemmed;
  };
}
