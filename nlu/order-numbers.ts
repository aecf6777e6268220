/**
 * Order numbers in a shop's own formats. A format is a simple mask, not a regular
 * expression (masks come from the environment, and a mask cannot be made to backtrack
 * forever): `9` stands for one digit, a space for any run of spaces, and every other
 * character for itself, letters without regard to case. The first format is the canonical
 * one, the form the shop's order system uses: a number written in any other format is
 * rewritten into it (`#123456` → `PP-123456` with the demo formats).
 */

/** The demo shop's formats: `PP-123456` (canonical), `PP123456`, `#123456` and "order 123456". */
export const DEMO_ORDER_NUMBER_FORMATS: readonly string[] = ['PP-999999', 'PP999999', '#999999', 'order 999999'];

/** An order number found in a text, with its character span (`end` exclusive). */
export interface OrderNumberMatch {
  /** The text as written. */
  value: string;
  /** The number in the canonical (first) format. */
  canonical: string;
  start: number;
  end: number;
}

const DIGIT_SLOT = '9';
/** Longest mask accepted. */
export const MAX_FORMAT_LENGTH = 40;

/** Why `formats` cannot be used, or undefined when they can (the config's zod schema uses this). */
export function orderNumberFormatsProblem(formats: readonly string[]): string | undefined {
  if (formats.length === 0) return 'needs at least one format';
  if (formats.length > 10) return 'at most 10 formats';
  const slots = digitSlots(formats[0]);
  for (const f of formats) {
    if (f.length > MAX_FORMAT_LENGTH) return `"${f}": longer than ${MAX_FORMAT_LENGTH} characters`;
    if (!/^[A-Za-z9 #/._-]+$/.test(f)) return `"${f}": only letters, 9 (a digit place), spaces and # / . _ - are allowed`;
    if (digitSlots(f) < 3) return `"${f}": needs at least three 9s (digit places)`;
    if (digitSlots(f) !== slots) return `"${f}": has ${digitSlots(f)} digit places, the first format has ${slots}`;
  }
  return undefined;
}

function digitSlots(format: string): number {
  return [...format].filter((c) => c === DIGIT_SLOT).length;
}

/**
 * Finds order numbers written in any of a shop's formats. A number must stand on its own:
 * not inside a longer word or digit run (`PP-1234567`, `order 12345678`), not the integer part
 * of an amount (`#123456.50`), not followed by a further dash and digits.
 */
export class OrderNumberFormats {
  private readonly pattern: RegExp;
  private readonly canonical: string;

  /** Throws for formats {@link orderNumberFormatsProblem} refuses. */
  constructor(formats: readonly string[]) {
    const problem = orderNumberFormatsProblem(formats);
    if (problem) throw new Error(`order number formats: ${problem}`);
    this.canonical = formats[0].trim();
    const alternatives = [...formats].sort((a, b) => b.length - a.length).map((f) => maskSource(f.trim()));
    this.pattern = new RegExp(`(?<![A-Za-z0-9#&])(?:${alternatives.join('|')})(?![A-Za-z0-9]|[.,]\\d|-\\d)`, 'gi');
  }

  /** The order numbers in `text`, in order of appearance. */
  find(text: string): OrderNumberMatch[] {
    const found: OrderNumberMatch[] = [];
    for (const m of text.matchAll(this.pattern)) {
      found.push({ value: m[0], canonical: this.toCanonical(m[0]), start: m.index, end: m.index + m[0].length });
    }
    return found;
  }

  /** The canonical form of a number written in one of the formats. */
  private toCanonical(written: string): string {
    // A mask's literals hold no digits (every 9 is a digit place), so the digits written are
    // exactly the number's digits, in order.
    const digits = written.match(/\d/g) ?? [];
    let i = 0;
    return [...this.canonical].map((c) => (c === DIGIT_SLOT ? digits[i++] : c)).join('');
  }
}

function maskSource(format: string): string {
  return [...format]
    .map((c) => {
      if (c === DIGIT_SLOT) return '\\d';
      if (c === ' ') return '\\s+';
      return c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
    })
    .join('');
}
