import { REFERENCE_LANGUAGE, SHIPPED_LANGUAGES, type Language } from '../common/languages';
import de from './messages/de.json';
import en from './messages/en.json';
import zh from './messages/zh.json';

// The bot's own words to customers, one catalogue per shipped language (issue 19). English
// (`messages/en.json`) is the reference: its keys are the keys of every language, and a test
// fails when a shipped language misses one, leaves one empty or uses other placeholders.

/** The dotted paths of the string leaves of a catalogue object ("greeting.welcome"). */
type LeafPaths<T> = {
  [K in keyof T & string]: T[K] extends string ? K : `${K}.${LeafPaths<T[K]>}`;
}[keyof T & string];

/** A key of the message catalogue, as written in `messages/en.json`. */
export type MessageKey = LeafPaths<typeof en>;

/** Values for a message's `{placeholders}`. */
export type MessageParams = Readonly<Record<string, string | number>>;

/** The messages of one language. */
export interface Messages {
  readonly language: Language;
  /**
   * The message `key` with its `{placeholders}` filled from `params`. Throws when a placeholder
   * has no value or a value names no placeholder (JSON leaves give the compiler no placeholder
   * names to check, so the check runs here, on every call).
   */
  text(key: MessageKey, params?: MessageParams): string;
}

const PLACEHOLDER = /\{(\w+)\}/g;

/** The `{placeholders}` of a message text, sorted and without repeats. */
export function placeholdersOf(text: string): string[] {
  return [...new Set(Array.from(text.matchAll(PLACEHOLDER), (m) => m[1]))].sort();
}

/** A nested catalogue object as `key → text`; throws on a leaf that is not a string. */
export function flattenCatalogue(tree: unknown, prefix = ''): Map<string, string> {
  const flat = new Map<string, string>();
  if (typeof tree !== 'object' || tree === null || Array.isArray(tree)) throw new Error(`catalogue: ${prefix || 'root'} is not an object`);
  for (const [name, value] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${name}` : name;
    if (typeof value === 'string') flat.set(key, value);
    else for (const [k, v] of flattenCatalogue(value, key)) flat.set(k, v);
  }
  return flat;
}

/** The catalogue file of each shipped language, as parsed. */
export const CATALOGUE_FILES: Readonly<Record<Language, unknown>> = { en, de, zh };

const REFERENCE_KEYS = flattenCatalogue(CATALOGUE_FILES[REFERENCE_LANGUAGE]);

/** True when `key` is a key of the catalogue (for keys built at run time, such as intent labels). */
export function isMessageKey(key: string): key is MessageKey {
  return REFERENCE_KEYS.has(key);
}

class Catalogue implements Messages {
  private readonly texts: Map<string, string>;

  constructor(readonly language: Language) {
    this.texts = flattenCatalogue(CATALOGUE_FILES[language]);
  }

  text(key: MessageKey, params: MessageParams = {}): string {
    const template = this.texts.get(key);
    if (template === undefined) throw new Error(`catalogue ${this.language}: no message "${key}"`);
    const unused = Object.keys(params).filter((name) => !template.includes(`{${name}}`));
    if (unused.length > 0)
      throw new Error(`catalogue ${this.language}: "${key}" has no placeholder ${unused.map((u) => `{${u}}`).join(', ')}`);
    // One pass over the template: a value that contains "{name}" (a customer's text) stays as it is.
    return template.replace(PLACEHOLDER, (_whole, name: string) => {
      const value = params[name];
      if (value === undefined) throw new Error(`catalogue ${this.language}: "${key}" needs a value for {${name}}`);
      return String(value);
    });
  }
}

const CATALOGUES = new Map<Language, Messages>(SHIPPED_LANGUAGES.map((language) => [language, new Catalogue(language)]));

/** The messages of `language`. */
export function messagesFor(language: Language): Messages {
  return CATALOGUES.get(language) as Messages;
}

/**
 * True when `text` is the message `key` in any shipped language, case and surrounding space
 * ignored: a quick reply pressed comes back as its text, also after the customer switched
 * language since it was shown.
 */
export function isCatalogueText(key: MessageKey, text: string): boolean {
  const typed = text.trim().toLowerCase();
  return SHIPPED_LANGUAGES.some((language) => messagesFor(language).text(key).toLowerCase() === typed);
}

/**
 * The messages shown as buttons and quick replies: what a customer sends back by pressing one.
 * Only these are the bot's own words coming back; a sentence of the catalogue typed by a
 * customer ("Hello,") says nothing about the bot.
 */
const BUTTON_KEY =
  /^(?:common|topics|intents)\.|^(?:kb\.(?:helpful|notHelpful|readMore)|photos\.damaged|email\.noThanks|handoff\.(?:endChat|leaveQueue|stayInQueue|keepChatting))$/;

const BUTTON_TEXTS = new Map<Language, ReadonlySet<string>>(
  SHIPPED_LANGUAGES.map((language) => {
    const buttons = [...flattenCatalogue(CATALOGUE_FILES[language])].filter(([key]) => BUTTON_KEY.test(key));
    return [language, new Set(buttons.map(([, text]) => text.toLowerCase()))];
  }),
);

/**
 * The languages whose buttons or quick replies include `text` (pressed, it comes back as its
 * text): such a text is the bot's words, not evidence of the language the customer writes in.
 */
export function languagesOfCatalogueText(text: string): Language[] {
  const typed = text.trim().toLowerCase();
  if (!typed) return [];
  return SHIPPED_LANGUAGES.filter((language) => BUTTON_TEXTS.get(language)?.has(typed));
}
