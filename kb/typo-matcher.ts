/**
 * Finds the known word within one edit (insertion, deletion, substitution or swap of two
 * neighbouring letters) of a misspelt word, using a symmetric-deletion index: every known
 * word is stored under itself and each of its one-letter deletions, so a lookup costs a
 * handful of map reads however large the vocabulary is.
 */
export class TypoMatcher {
  private readonly byDeletion = new Map<string, string[]>();

  /**
   * @param words - the known words (lowercase surface forms)
   * @param minLength - shorter words are neither indexed nor corrected (too ambiguous)
   */
  constructor(
    words: Iterable<string>,
    private readonly minLength = 4,
  ) {
    for (const word of new Set(words)) {
      if (word.length < this.minLength || /\d/.test(word)) continue;
      for (const variant of deletionVariants(word)) {
        const list = this.byDeletion.get(variant);
        if (list) list.push(word);
        else this.byDeletion.set(variant, [word]);
      }
    }
  }

  /**
   * Known words at edit distance exactly 1 from `word`, sorted alphabetically.
   * Returns nothing for short words or words containing digits.
   */
  candidates(word: string): string[] {
    if (word.length < this.minLength || /\d/.test(word)) return [];
    const found = new Set<string>();
    for (const variant of deletionVariants(word)) {
      for (const known of this.byDeletion.get(variant) ?? []) {
        if (known !== word && editDistanceAtMostOne(word, known)) found.add(known);
      }
    }
    return [...found].sort();
  }
}

function deletionVariants(word: string): string[] {
  const variants = [word];
  for (let index = 0; index < word.length; index += 1) {
    variants.push(word.slice(0, index) + word.slice(index + 1));
  }
  return variants;
}

/** Optimal-string-alignment distance ≤ 1 (an adjacent swap counts as one edit). */
export function editDistanceAtMostOne(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  if (a.length === b.length) {
    if (a.slice(start + 1) === b.slice(start + 1)) return true;
    return a[start] === b[start + 1] && a[start + 1] === b[start] && a.slice(start + 2) === b.slice(start + 2);
  }
  const [longer, shorter] = a.length > b.length ? [a, b] : [b, a];
  return longer.slice(start + 1) === shorter.slice(start);
}
