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

/** A product of one of the catalogue's lines named in a text ("Kestrel hiking backpack"), with its span. */
export interface ProductLineMatch {
  value: string;
  start: number;
  end: number;
}

/** At most this many words between a line's name and the product word that ends the phrase. */
const MAX_WORDS_AFTER_LINE = 3;

/** One word and the spaces before it, read right after a line's name. */
const NEXT_WORD = /\s+([\p{L}\p{N}][\p{L}\p{N}-]*)/uy;

/**
 * The shop's product names, found in messages as whole words, whatever their case and the
 * spaces between their words, also with a plural `s` ("two Cobble mugs"). The longest name
 * wins where names overlap ("Harbor rain jacket" before "Harbor jacket").
 *
 * It also knows the shop's product lines: the capitalised first word of a name of two or more
 * words ("Kestrel" of "Kestrel backpack"), so a product of a line that the list does not name
 * word for word ("my Kestrel hiking backpack") is still recognised as a product.
 */
export class ProductCatalogue {
  private readonly pattern: RegExp | undefined;
  private readonly linePattern: RegExp | undefined;
  private readonly byKey = new Map<string, string>();
  /** The last words of the names, lower case ("backpack", "mug"): what a line's product is. */
  readonly nouns: ReadonlySet<string>;

  constructor(names: readonly string[]) {
    for (const name of names) this.byKey.set(keyOf(name), name);
    const sources = [...this.byKey.values()].sort((a, b) => b.length - a.length).map((name) => name.split(/\s+/).map(escape).join('\\s+'));
    this.pattern = sources.length === 0 ? undefined : new RegExp(`(?<![\\p{L}\\p{N}])(?:${sources.join('|')})s?(?![\\p{L}\\p{N}])`, 'giu');
    const words = [...this.byKey.values()].map((name) => name.split(/\s+/));
    this.nouns = new Set(words.map((w) => w[w.length - 1].toLowerCase()));
    const lines = new Set(words.filter((w) => w.length > 1 && /^\p{Lu}/u.test(w[0])).map((w) => escape(w[0])));
    // Case-sensitive: "Moss throw" makes "Moss" a line, not every "moss" a product.
    this.linePattern = lines.size === 0 ? undefined : new RegExp(`(?<![\\p{L}\\p{N}])(?:${[...lines].join('|')})(?![\\p{L}\\p{N}])`, 'gu');
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

  /**
   * The products of the catalogue's lines named in `text`: a line's name with the words after
   * it up to the last product word (`isProductWord`, or a word that ends one of the catalogue's
   * names) within {@link MAX_WORDS_AFTER_LINE} words, else the line's name alone ("Quill").
   */
  findLines(text: string, isProductWord: (lowerCaseWord: string) => boolean): ProductLineMatch[] {
    if (!this.linePattern) return [];
    const found: ProductLineMatch[] = [];
    for (const m of text.matchAll(this.linePattern)) {
      let end = m.index + m[0].length;
      NEXT_WORD.lastIndex = end;
      for (let n = 0; n < MAX_WORDS_AFTER_LINE; n++) {
        const next = NEXT_WORD.exec(text);
        if (next === null) break;
        const word = next[1].toLowerCase();
        if (this.nouns.has(word) || this.nouns.has(word.replace(/s$/, '')) || isProductWord(word)) end = NEXT_WORD.lastIndex;
      }
      found.push({ value: text.slice(m.index, end), start: m.index, end });
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
