import { type Random, shuffled } from '../common/seeded-random';
import { type LabelledText, oosLabel } from './training-data';

/** How many altered copies of each training message to add while training. */
export interface AugmentOptions {
  /** Altered copies per in-scope message; 0 turns augmentation off. */
  readonly variants: number;
}

/** Augmented copies and, for each, the index of the training row it was made from. */
export interface AugmentedRows {
  readonly rows: LabelledText[];
  readonly sources: number[];
}

/** Intents whose messages are only small talk: a request frame around them would change their meaning. */
const smallTalk = new Set(['greeting', 'goodbye', 'thanks']);

/** Words shoppers use interchangeably; a swap keeps the message's intent. */
const shopLexicon: readonly (readonly string[])[] = [
  ['order', 'purchase'],
  ['parcel', 'package', 'shipment'],
  ['item', 'product', 'article'],
  ['account', 'profile'],
  ['email', 'e-mail', 'mail'],
  ['delivery', 'shipping'],
  ['invoice', 'bill'],
  ['human', 'real person', 'person'],
  ['agent', 'representative', 'rep'],
  ['want to', 'would like to', 'need to'],
  ['please', 'pls', 'plz'],
  ['how do i', 'how can i', 'how to'],
];

const frames: readonly (readonly [string, string])[] = [
  ['hi, ', ''],
  ['hello there, ', ''],
  ['hey, quick question: ', ''],
  ['', ' please'],
  ['', ' thanks'],
  ['', '??'],
  ['sorry to bother you, ', ''],
  ['i need help: ', ''],
  ['', ' asap'],
];

const contractionForms: readonly (readonly [RegExp, string])[] = [
  [/\bdo not\b/gi, 'dont'],
  [/\bdoes not\b/gi, 'doesnt'],
  [/\bdid not\b/gi, 'didnt'],
  [/\bcan ?not\b/gi, 'cant'],
  [/\bis not\b/gi, 'isnt'],
  [/\bI am\b/g, 'im'],
  [/['’]/g, ''],
];

type Transform = (text: string, random: Random) => string;

const pick = <T>(items: readonly T[], random: Random): T => items[Math.floor(random() * items.length)];

/** One typing slip in a word of four letters or more: a letter dropped, doubled or swapped with the next. */
const typo: Transform = (text, random) => {
  const words = text.split(' ');
  const long = words.flatMap((w, i) => (/^[a-z]{4,}$/i.test(w) ? [i] : []));
  if (long.length === 0) return text;
  const i = pick(long, random);
  const w = words[i];
  const at = 1 + Math.floor(random() * (w.length - 2));
  const kind = Math.floor(random() * 3);
  words[i] =
    kind === 0
      ? w.slice(0, at) + w.slice(at + 1)
      : kind === 1
        ? w.slice(0, at) + w[at] + w.slice(at)
        : w.slice(0, at) + w[at + 1] + w[at] + w.slice(at + 2);
  return words.join(' ');
};

/** Contractions written the lazy way: "do not" → "dont", "I'm" → "Im". */
const contraction: Transform = (text) => contractionForms.reduce((t, [pattern, replacement]) => t.replace(pattern, replacement), text);

/** One lexicon word replaced by another of its group. */
const synonym: Transform = (text, random) => {
  const options = shopLexicon.flatMap((group) =>
    group.flatMap((word) => (new RegExp(`\\b${word}\\b`, 'i').test(text) ? [[word, group] as const] : [])),
  );
  if (options.length === 0) return text;
  const [word, group] = pick(options, random);
  return text.replace(
    new RegExp(`\\b${word}\\b`, 'i'),
    pick(
      group.filter((w) => w !== word),
      random,
    ),
  );
};

/** The message inside a filler frame ("hi, …", "… please"). */
const frame: Transform = (text, random) => {
  const [before, after] = pick(frames, random);
  return `${before}${text}${after}`;
};

/**
 * Altered copies of the in-scope training messages: each copy applies one or two of typing
 * slips, lazy contractions, lexicon synonyms and (outside small talk) filler frames. Copies
 * equal to their message are dropped. Deterministic for a given `random`.
 */
export function augmentRows(rows: readonly LabelledText[], options: AugmentOptions, random: Random): AugmentedRows {
  const out: LabelledText[] = [];
  const sources: number[] = [];
  const seen = new Set(rows.map((r) => r.text));
  rows.forEach((row, index) => {
    if (row.intent === oosLabel) return;
    const transforms = smallTalk.has(row.intent) ? [typo, contraction, synonym] : [typo, contraction, synonym, frame];
    for (let v = 0; v < options.variants; v++) {
      const steps = shuffled(transforms, random).slice(0, 1 + Math.floor(random() * 2));
      const text = steps.reduce((t, step) => step(t, random), row.text);
      if (seen.has(text)) continue;
      seen.add(text);
      out.push({ text, intent: row.intent });
      sources.push(index);
    }
  });
  return { rows: out, sources };
}
