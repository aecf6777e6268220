import { readFileSync } from 'node:fs';

/** A catalogue product named in a text, with its character span (`end` exclusive). */
export interface ProductMatch {
  /** The text as written. */
  value: string;
  /** The product's name as the catalogue spells it. */
  canonical: string;
  start: number;
  end: number;
}

/**
 * The shop's product names, found in messages as whole words, whatever their case and the
 * spaces between their words, also with a plural `s` ("two Cobble mugs"). The longest name
 * wins where names overlap ("Harbor rain jacket" before "Harbor jacket").
 */
export class ProductCatalogue {
  private readonly pattern: RegExp | undefined;
  private readonly byKey = new Map<string, string>();

  constructor(names: readonly string[]) {
    for (const name of names) this.byKey.set(keyOf(name), name);
    const sources = [...this.byKey.values()].sort((a, b) => b.length - a.length).map((name) => name.split(/\s+/).map(escape).join('\\s+'));
    this.pattern = sources.length === 0 ? undefined : new RegExp(`(?<![\\p{L}\\p{N}])(?:${sources.join('|')})s?(?![\\p{L}\\p{N}])`, 'giu');
  }

  /** The catalogue products named in `text`, in order of appearance. */
  find(text: string): ProductMatch[] {
    if (!this.pattern) return [];
    const found: ProductMatch[] = [];
    for (const m of text.matchAll(this.pattern)) {
      const canonical = this.byKey.get(keyOf(m[0])) ?? this.byKey.get(keyOf(m[0].slice(0, -1)));
      if (canonical) found.push({ value: m[0], canonical, start: m.index, end: m.index + m[0].length });
    }
    return found;
  }
}

/** Reads a product list file: one name per line; blank lines and lines starting with `#` are skipped. */
export function readProductCatalogue(file: string): ProductCatalogue {
  const names = readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  return new ProductCatalogue(names);
}

function keyOf(name: string): string {
  return name.toLowerCase().split(/\s+/).join(' ');
}

// Only the syntax characters: with the `u` flag, escaping anything else (such as `-`) is an error.
function escape(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
