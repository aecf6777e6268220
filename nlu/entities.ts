import nlp from 'compromise';

import {
  amountPattern,
  bracketedPhonePattern,
  chineseDatePattern,
  datePattern,
  emailPattern,
  germanDatePattern,
  orderNumberPattern,
  phonePattern,
} from './patterns';
import { demoShopVocabulary, type ShopVocabulary } from './shop-vocabulary';

/** A structured value found in a message, with its character span (`end` exclusive). */
export interface Entity {
  type: 'order_number' | 'email' | 'phone' | 'money' | 'date' | 'product';
  value: string;
  start: number;
  end: number;
  /** Order numbers: the number in the shop's canonical format; catalogue products: the catalogue's name. */
  canonical?: string;
}

const patternTypes: ReadonlyArray<[Entity['type'], RegExp]> = [
  ['money', amountPattern],
  ['phone', phonePattern],
  ['phone', bracketedPhonePattern],
  ['date', datePattern],
  ['date', germanDatePattern],
  ['date', chineseDatePattern],
];

const productNouns = new Set(
  (
    'phone smartphone laptop tablet headphones earbuds charger cable watch camera tv television monitor ' +
    'keyboard mouse speaker console printer shoes sneakers boots sandals jacket coat shirt t-shirt dress ' +
    'jeans trousers pants skirt sweater hoodie hat bag backpack wallet sofa chair table lamp mattress ' +
    'blender kettle toaster vacuum mixer book toy bike bicycle'
  ).split(' '),
);

/** A camel-case brand name with its model number and suffixes ("iPhone 15 Pro", "MacBook Pro 14"), but no number after the model number ("iPhone 12 2 days ago"). */
const brandPattern =
  /\b(?:i[A-Z][a-z]+|[A-Z][a-z]+[A-Z][A-Za-z]*)(?:\s+\d{1,4})?(?:(?:\s+(?:Pro|Max|Plus|Mini|Ultra|Air|SE))+(?:\s+\d{1,4})?)?\b/g;

const determiners = /^(?:(?:my|the|a|an|this|that|these|those|your|our|his|her|their)\s+)+/i;
/** A determiner inside a run of nouns (see {@link productNamesIn}). */
const INNER_DETERMINER = /(?<![\w'-])(?:my|the|a|an|this|that|these|those|your|our|his|her|their)(?![\w'-])/gi;

/**
 * Finds e-mails, order numbers in the shop's formats, money amounts, phone numbers, dates
 * (patterns, in English, German and Chinese writing) and product names with their character
 * spans, sorted by position; overlapping spans keep the one found first in that order.
 *
 * Product names come from the shop's catalogue first: its names, and the products of its
 * lines ("Kestrel hiking backpack"). Beyond the catalogue, camel-case brand names ("iPhone 15
 * Pro") and runs of modifiers and nouns holding a product word ("my blue jacket", "a Dyson
 * vacuum", "phone case"), which compromise's tagger finds. The tagger (the costliest step of understanding a message) runs
 * only on a sentence that still holds a product word once the catalogue's finds are masked. A
 * capitalised word alone is no product: it names people, places and payment services as often
 * ("Anna", "Switzerland", "PayPal"), and every German noun is capitalised. `shop` defaults to
 * the demo shop's vocabulary.
 */
export function extractEntities(text: string, shop: ShopVocabulary = demoShopVocabulary()): Entity[] {
  const found: Entity[] = [];
  for (const m of text.matchAll(emailPattern)) addSpan(found, { type: 'email', value: m[0], start: m.index, end: m.index + m[0].length });
  for (const m of shop.orderNumbers.find(text)) addSpan(found, { type: 'order_number', ...m });
  for (const [type, pattern] of patternTypes) {
    for (const m of text.matchAll(pattern)) addSpan(found, { type, value: m[0], start: m.index, end: m.index + m[0].length });
  }
  for (const m of shop.products.find(text)) addSpan(found, { type: 'product', ...m });
  for (const m of shop.products.findLines(text)) addSpan(found, { type: 'product', ...m });
  for (const span of productSpans(text, found)) addSpan(found, span);
  return found.sort((a, b) => a.start - b.start);
}

/**
 * Product names beyond the catalogue: camel-case brands and what compromise finds. `found`
 * holds the spans found before (catalogue products, order numbers, amounts …): a product name
 * overlapping one of them would be dropped, so the words inside them are no cue for compromise.
 */
function productSpans(text: string, found: readonly Entity[]): Entity[] {
  const spans: Entity[] = [];
  for (const m of text.matchAll(brandPattern)) spans.push(product(text, m.index, m.index + m[0].length));
  // compromise tags each sentence on its own, so only the sentences that can hold a product
  // name not found yet are handed to it: most questions have none.
  for (const sentence of text.matchAll(sentencePattern)) {
    if (hasProductWord(withoutSpans(sentence[0], sentence.index, found))) spans.push(...taggedSpans(text, sentence.index, sentence[0]));
  }
  return spans.filter((s) => s.value.length > 1);
}

/**
 * A sentence: up to and including its closing punctuation and the space after it. A new
 * sentence starts only before a capital letter, as compromise splits them.
 */
const sentencePattern = /[^]*?(?:[.!?]+\s+(?=[A-Z])|$)/g;

/**
 * Proper nouns, and runs of modifiers and nouns that hold a product word, that compromise finds
 * in one sentence (holding a product word) at `offset` of `text`.
 */
function taggedSpans(text: string, offset: number, sentence: string): Entity[] {
  const spans: Entity[] = [];
  const doc = nlp(sentence);
  // Only text and offsets are read: skipping per-term output cuts a third to a half of this
  // step's time without changing the spans. compromise reads `terms: false` at run time but its
  // types only allow an object for `terms`, hence the widening to `object`.
  const offsetsOnly: object = { offset: true, terms: false };
  const properNouns = doc.match('#ProperNoun+ #Value?').json(offsetsOnly) as OffsetJson[];
  // Not compromise's noun phrases (`nouns()`): its chunker took two thirds of the time spent
  // here, and its phrases ran on past the product ("the earbuds two weeks ago").
  const runs = doc.match(NOUN_RUN).not(A_TIME).not('(#Pronoun|#Adverb)').not(TRAILING_ADJECTIVES).json(offsetsOnly) as OffsetJson[];
  for (const p of properNouns) {
    if (/^(?:i|hi|hello|thanks)$/i.test(p.text.trim())) continue;
    spans.push(product(text, offset + p.offset.start, offset + p.offset.start + p.offset.length));
  }
  for (const run of runs) {
    // compromise's `text` of a run starts with its first word's punctuation, its offset after it.
    const start = run.offset.start;
    for (const name of productNamesIn(sentence.slice(start, start + run.offset.length))) {
      spans.push(product(text, offset + start + name.start, offset + start + name.end));
    }
  }
  return spans;
}

/** Modifiers and nouns in a row: "my son's blue Drift wireless earbuds", "phone case". */
const NOUN_RUN = '(#Adjective|#Noun|#Value|#Possessive|#Hyphenated)+';
/**
 * Where runs are cut: at a time that follows a name ("earbuds two weeks ago"), at pronouns and
 * adverbs (a pronoun is a noun to compromise: "table I bought"), and after the last noun
 * ("sofa table still in stock").
 */
const A_TIME = '#Value? (#Date|#Duration)';
const TRAILING_ADJECTIVES = '#Adjective+$';

/**
 * The product names in a run of nouns: each part between punctuation ("jacket, hoodie",
 * "(blue jacket)") that holds a product word, whole: a part or an accessory is named after its
 * product ("phone case", "backpack strap"). A phone number is no product.
 */
function productNamesIn(run: string): Array<{ start: number; end: number }> {
  const names: Array<{ start: number; end: number }> = [];
  // A dash between spaces separates too ("jacket -- hoodie"); one inside a word does not
  // ("t-shirt"). So does a determiner: what precedes it is no part of the name, though compromise
  // may read it as a noun ("wheres my jacket", "update my phone").
  const separated = run
    .replace(/\s-+(?=\s|$)/g, (dashes) => ','.repeat(dashes.length))
    .replace(INNER_DETERMINER, (word) => ','.repeat(word.length));
  for (const part of separated.matchAll(/[^,;:()[\]{}"“”«»–—]+/g)) {
    const words = [...part[0].matchAll(/[A-Za-z][A-Za-z-]*/g)];
    const named = words.some((w, i) => isProductWord(w[0].toLowerCase()) && !/^numb/i.test(words[i + 1]?.[0] ?? ''));
    const lead = part[0].length - part[0].trimStart().length;
    if (named) names.push({ start: part.index + lead, end: part.index + part[0].trimEnd().length });
  }
  return names;
}

/** Whether a lower-case word is a product word ("jacket", "jackets"). */
function isProductWord(word: string): boolean {
  return productNouns.has(word) || productNouns.has(word.replace(/s$/, ''));
}

/** Cheap pre-check before running compromise on a sentence: a product name needs a product word outside order numbers and e-mails. */
function hasProductWord(text: string): boolean {
  const masked = text.replace(orderNumberPattern, ' ').replace(emailPattern, ' ');
  return (masked.match(/[A-Za-z][A-Za-z-]*/g) ?? []).some((w) => isProductWord(w.toLowerCase()));
}

/**
 * `sentence` (at `offset` of the text) with the characters of `spans` turned into `x`: their
 * words are no cue, and the words after them keep their places (the first word is no cue).
 */
function withoutSpans(sentence: string, offset: number, spans: readonly Entity[]): string {
  let masked = sentence;
  for (const span of spans) {
    const start = Math.max(0, span.start - offset);
    const end = Math.min(sentence.length, span.end - offset);
    if (start < end) masked = masked.slice(0, start) + 'x'.repeat(end - start) + masked.slice(end);
  }
  return masked;
}

interface OffsetJson {
  text: string;
  offset: { start: number; length: number };
}

function product(text: string, start: number, end: number): Entity {
  let s = start;
  const raw = text.slice(start, end);
  const lead = determiners.exec(raw);
  if (lead !== null) s += lead[0].length;
  let e = end;
  while (e > s && /[\s,.;:!?]/.test(text[e - 1])) e--;
  return { type: 'product', value: text.slice(s, e), start: s, end: e };
}

/**
 * Adds a span unless it overlaps one already found; a product span replaces products it
 * contains, except catalogue products (with their canonical name), which are kept.
 */
function addSpan(found: Entity[], span: Entity): void {
  if (span.end <= span.start) return;
  const overlapping = found.filter((f) => f.start < span.end && span.start < f.end);
  const replaces = overlapping.every(
    (f) => span.type === 'product' && f.type === 'product' && f.canonical === undefined && span.start <= f.start && f.end <= span.end,
  );
  if (!replaces) return;
  for (const f of overlapping) found.splice(found.indexOf(f), 1);
  found.push(span);
}
