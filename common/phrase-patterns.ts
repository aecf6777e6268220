// Word lists kept as data (typed answers, sentiment lexicons) are written in a tiny pattern
// language, so a new language is a new file and never a regular expression:
//   - words are separated by spaces: "end the chat";
//   - a word may list alternatives with "/": "did/has/have anyone/someone answer";
//   - a word ending in "*" matches any word it begins: "repl*" (replied, replies, reply).
// Chinese is written without spaces: a slot of Han characters matches inside a run of them,
// while a slot of other letters must stand as a whole word.

const HAN = /\p{Script=Han}/u;
const LETTER_OR_DIGIT = '[\\p{L}\\p{N}]';

/** The last text {@link foldPhrase} folded, and what it gave. */
let lastFolded = { text: '', folded: '' };

/**
 * A message folded for matching: lower case, full-width forms made plain (NFKC), apostrophes
 * dropped ("don't" → "dont"), every other mark a space, spaces collapsed.
 */
export function foldPhrase(text: string): string {
  // A turn folds its message once for every check it makes (yes, no, rating, leaving the chat …).
  if (text === lastFolded.text) return lastFolded.folded;
  const folded = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  lastFolded = { text, folded };
  return folded;
}

/** `text` with the characters special in a regular expression escaped. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The regular expression source of one slot ("a/b*"). */
function slotSource(slot: string): string {
  const alternatives = slot.split('/').map((word) => {
    const prefix = word.endsWith('*');
    const plain = foldPhrase(prefix ? word.slice(0, -1) : word);
    if (!plain) throw new Error(`phrase pattern: empty word in "${slot}"`);
    return escapeRegExp(plain) + (prefix ? `${LETTER_OR_DIGIT}*` : '');
  });
  return `(?:${alternatives.join('|')})`;
}

/** Whether a slot's words all begin (and end) with a Han character: such slots need no word boundary. */
function isHanSlot(slot: string): boolean {
  return slot.split('/').every((word) => HAN.test(word.replace(/\*$/, '').slice(0, 1)));
}

/**
 * The source of a pattern matching the phrase anywhere in a folded text, on word boundaries
 * (none around Han slots).
 */
export function phraseSource(pattern: string): string {
  const slots = pattern.trim().split(/\s+/);
  if (slots.length === 0 || slots[0] === '') throw new Error('phrase pattern: empty');
  const before = isHanSlot(slots[0]) ? '' : `(?<!${LETTER_OR_DIGIT})`;
  const after = isHanSlot(slots[slots.length - 1]) ? '' : `(?!${LETTER_OR_DIGIT})`;
  return `${before}${slots.map(slotSource).join(' ?')}${after}`;
}

/** A compiled list of phrase patterns. */
export class PhraseList {
  private readonly anywhere: RegExp;
  private readonly whole: RegExp;
  private readonly leading: RegExp;

  constructor(readonly patterns: readonly string[]) {
    // An empty alternation would match every text.
    if (patterns.length === 0) throw new Error('phrase list: no patterns');
    const sources = patterns.map(phraseSource).join('|');
    this.anywhere = new RegExp(`(?:${sources})`, 'u');
    this.whole = new RegExp(`^(?:${sources})$`, 'u');
    this.leading = new RegExp(`^(?:${sources})(?: |$)`, 'u');
  }

  /** True when one of the phrases occurs in the folded `text`. */
  occursIn(folded: string): boolean {
    return this.anywhere.test(folded);
  }

  /** True when the folded `text` is one of the phrases and nothing else. */
  isWhole(folded: string): boolean {
    return this.whole.test(folded);
  }

  /** What follows a phrase that begins the folded `text` (the empty string for the phrase alone), or undefined. */
  restAfterLeading(folded: string): string | undefined {
    const found = this.leading.exec(folded);
    return found ? folded.slice(found[0].length).trim() : undefined;
  }
}

/**
 * How many words a folded text holds: its space-separated words, a run of Han characters
 * counting as one word per two characters (Chinese words are one to three characters long).
 */
export function wordCount(folded: string): number {
  return folded
    .split(' ')
    .filter(Boolean)
    .reduce((sum, word) => sum + (HAN.test(word) ? Math.ceil(word.length / 2) : 1), 0);
}
