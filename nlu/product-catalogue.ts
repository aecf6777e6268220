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

/** At most this many products of the lines are read from one message (a list of hundreds is no question). */
const MAX_LINE_MATCHES = 20;

/**
 * Words that never stand inside a product's name: a phrase read after a line's name ends
 * before them ("the Kestrel fits a laptop" is no "Kestrel … laptop"), and a catalogue name
 * starting with one makes no line ("The Big Blanket").
 */
const FUNCTION_WORDS = new Set(
  (
    'a an the and or but nor of to in on at by for with from into onto as is are was were be been am do does did ' +
    'has have had it its this that these those my your our his her their i you we they he she me us them not no so than then'
  ).split(' '),
);

/**
 * The shop's product names, found in messages as whole words, whatever their case and the
 * spaces between their words, also with a plural `s` ("two Cobble mugs"). The longest name
 * wins where names overlap ("Harbor rain jacket" before "Harbor jacket").
 *
 * It also knows the shop's product lines: the capitalised first word of a name of two or more
 * words ("Kestrel" of "Kestrel backpack"), with what the line makes ("backpack", "daypack"), so
 * a product of a line that the list does not name word for word ("my Kestrel hiking
 * backpack") is still recognised as a product.
 */
export class ProductCatalogue {
  private readonly pattern: RegExp | undefined;
  private readonly linePattern: RegExp | undefined;
  private readonly byKey = new Map<string, string>();
  /** Each line's name and the last words of its products' names, lower case ("Kestrel" → backpack, daypack). */
  private readonly lines = new Map<string, Set<string>>();

  constructor(names: readonly string[]) {
    for (const name of names) this.byKey.set(keyOf(name), name);
    const sources = [...this.byKey.values()].sort((a, b) => b.length - a.length).map((name) => name.split(/\s+/).map(escape).join('\\s+'));
    this.pattern = sources.length === 0 ? undefined : new RegExp(`(?<![\\p{L}\\p{N}])(?:${sources.join('|')})s?(?![\\p{L}\\p{N}])`, 'giu');
    for (const words of [...this.byKey.values()].map((name) => name.split(/\s+/))) {
      const [line] = words;
      if (words.length < 2 || !/^\p{Lu}/u.test(line) || FUNCTION_WORDS.has(line.toLowerCase())) continue;
      const nouns = this.lines.get(line) ?? new Set<string>();
      nouns.add(words[words.length - 1].toLowerCase());
      this.lines.set(line, nouns);
    }
    // Case-sensitive: "Moss throw" makes "Moss" a line, not every "moss" a product.
    const lineSources = [...this.lines.keys()].map(escape);
    this.linePattern =
      lineSources.length === 0 ? undefined : new RegExp(`(?<![\\p{L}\\p{N}])(?:${lineSources.join('|')})(?![\\p{L}\\p{N}])`, 'gu');
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
   * The products of the catalogue's lines named in `text` (at most {@link MAX_LINE_MATCHES}): a
   * line's name with the words after it up to the last of what the line makes within
   * {@link MAX_WORDS_AFTER_LINE} words and before any function word ("Kestrel hiking
   * backpack"), else the line's name alone ("Quill"), unless it starts a sentence, where any
   * word is capitalised ("Moss grows everywhere").
   */
  findLines(text: string): ProductLineMatch[] {
    if (!this.linePattern) return [];
    const found: ProductLineMatch[] = [];
    const nextWord = /\s+([\p{L}\p{N}][\p{L}\p{N}-]*)/uy;
    for (const m of text.matchAll(this.linePattern)) {
      const nouns = this.lines.get(m[0]) ?? new Set<string>();
      const nameEnd = m.index + m[0].length;
      let end = nameEnd;
      nextWord.lastIndex = nameEnd;
      for (let n = 0; n < MAX_WORDS_AFTER_LINE; n++) {
        const next = nextWord.exec(text);
        const word = next?.[1].toLowerCase();
        if (word === undefined || FUNCTION_WORDS.has(word)) break;
        if (nouns.has(word) || nouns.has(word.replace(/s$/, ''))) end = nextWord.lastIndex;
      }
      if (end === nameEnd && startsSentence(text, m.index)) continue;
      found.push({ value: text.slice(m.index, end), start: m.index, end });
      if (found.length === MAX_LINE_MATCHES) break;
    }
    return found;
  }
}

/** Whether `index` of `text` starts a sentence: nothing but spaces before it, or after a full stop, question or exclamation mark. */
function startsSentence(text: string, index: number): boolean {
  let i = index - 1;
  while (i >= 0 && /\s/.test(text[i])) i--;
  return i < 0 || '.!?'.includes(text[i]);
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
