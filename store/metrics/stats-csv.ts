import type { Stats } from './stats-types';

/**
 * The stats as a two-column CSV (`metric,value`) for spreadsheets: nested figures get dotted
 * names (`responseTime.bot.p90Ms`), list entries their key (`byIntent.track_order.conversations`).
 * Nulls are empty cells.
 */
export function statsToCsv(stats: Stats): string {
  const lines = ['metric,value'];
  const emit = (name: string, value: unknown): void => {
    if (value === null || value === undefined) lines.push(`${quote(name)},`);
    else if (Array.isArray(value)) value.forEach((item, i) => emit(`${name}.${keyOf(item, i)}`, withoutKey(item)));
    else if (typeof value === 'object') for (const [k, v] of Object.entries(value)) emit(name ? `${name}.${k}` : k, v);
    else lines.push(`${quote(name)},${quote(String(value))}`);
  };
  emit('', stats);
  return `${lines.join('\r\n')}\r\n`;
}

const KEYS = ['month', 'day', 'intent', 'channel', 'language', 'id'] as const;

function keyOf(item: unknown, index: number): string {
  if (item && typeof item === 'object') {
    const record = item as Record<string, unknown>;
    for (const key of KEYS) if (key in record) return String(record[key]);
  }
  return String(index);
}

function withoutKey(item: unknown): unknown {
  if (!item || typeof item !== 'object') return item;
  const record = { ...(item as Record<string, unknown>) };
  for (const key of KEYS)
    if (key in record) {
      delete record[key];
      break;
    }
  return record;
}

function quote(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
