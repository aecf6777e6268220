import { readFileSync } from 'node:fs';

import { parse } from 'csv-parse/sync';
import { z } from 'zod';

import { InputError } from './input-error';

/** The label that marks out-of-scope rows (`out_of_scope` in a CSV is read as this). */
export const oosLabel = 'oos';

const textColumns = ['text', 'utterance'] as const;
const labelColumns = ['intent', 'category', 'label'] as const;

/** One labelled message as read from a CSV row. */
export const labelledTextSchema = z.object({
  text: z.string().trim().min(1, 'empty text'),
  intent: z
    .string()
    .trim()
    .min(1, 'empty label')
    .transform((label) => (label.toLowerCase() === 'out_of_scope' ? oosLabel : label)),
});
/** One labelled message. */
export type LabelledText = z.infer<typeof labelledTextSchema>;

/**
 * Parses labelled CSV text: a header with a text column (`text` or `utterance`) and a
 * label column (`intent`, `category` or `label`). Raises an {@link InputError} for an empty
 * file, a missing column or an invalid row.
 */
export function parseLabelledCsv(csv: string, source = 'CSV'): LabelledText[] {
  let records: string[][];
  try {
    records = parse(csv, { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
  } catch (error) {
    throw new InputError(`${source}: ${error instanceof Error ? error.message : 'invalid CSV'}`);
  }
  if (records.length === 0) throw new InputError(`${source} is empty`);
  const header = records[0].map((h) => h.trim().toLowerCase());
  const textCol = findColumn(header, textColumns, source);
  const labelCol = findColumn(header, labelColumns, source);
  const rows = records.slice(1).map((record, i) => {
    const parsed = labelledTextSchema.safeParse({ text: record[textCol] ?? '', intent: record[labelCol] ?? '' });
    if (!parsed.success) throw new InputError(`${source} line ${i + 2}: ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  });
  if (rows.length === 0) throw new InputError(`${source} has a header but no rows`);
  return rows;
}

/** Reads and parses a labelled CSV file (see {@link parseLabelledCsv}). */
export function readLabelledCsv(file: string): LabelledText[] {
  let csv: string;
  try {
    csv = readFileSync(file, 'utf8');
  } catch {
    throw new InputError(`cannot read ${file}`);
  }
  return parseLabelledCsv(csv, file);
}

function findColumn(header: readonly string[], names: readonly string[], source: string): number {
  const index = header.findIndex((h) => names.includes(h));
  if (index < 0) throw new InputError(`${source}: missing column (one of ${names.join(', ')})`);
  return index;
}
