/** Word 1–2-gram terms of a list of stemmed tokens. */
export function wordTerms(tokens: readonly string[]): string[] {
  const terms = tokens.slice();
  for (let i = 1; i < tokens.length; i++) terms.push(`${tokens[i - 1]} ${tokens[i]}`);
  return terms;
}

/** Character 3–5-gram terms of each word of a normalised text, padded with a space on both sides. */
export function charTerms(normalised: string): string[] {
  const terms: string[] = [];
  if (normalised.length === 0) return terms;
  for (const word of normalised.split(' ')) {
    const padded = ` ${word} `;
    for (let n = 3; n <= 5; n++) {
      for (let i = 0; i + n <= padded.length; i++) terms.push(padded.slice(i, i + n));
    }
  }
  return terms;
}
