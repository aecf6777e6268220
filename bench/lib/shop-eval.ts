import { readFileSync } from 'node:fs';

import { parse } from 'csv-parse/sync';
import { z } from 'zod';

import { oosLabel } from '../../nlu';
import { labelledTextSchema } from '../../nlu/training-data';

/** One row of test/fixtures/nlu/shop-eval.csv (a labelled message and its kind). */
export const shopEvalRowSchema = labelledTextSchema.extend({ kind: z.enum(['in', 'oos', 'gibberish']) });
/** One row of the shop evaluation set: in scope, out of scope or gibberish (both labelled `oos`). */
export type ShopEvalRow = z.infer<typeof shopEvalRowSchema>;

/** Reads the shop evaluation set (columns text, intent, kind). */
export function readShopEval(file: string): ShopEvalRow[] {
  const records = parse(readFileSync(file, 'utf8'), { columns: true, bom: true, skip_empty_lines: true }) as unknown[];
  return records.map((record, i) => {
    const parsed = shopEvalRowSchema.safeParse(record);
    if (!parsed.success) throw new Error(`${file} line ${i + 2}: ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  });
}

/** Shop figures of one classifier's labels (`oos` = flagged). */
export interface ShopFigures {
  /** Share of all rows labelled right (a flagged row counts as `oos`). */
  readonly accuracy: number;
  /** Share of in-scope rows labelled right. */
  readonly inScopeAccuracy: number;
  /** Share of in-scope rows flagged out of scope. */
  readonly inScopeFlagged: number;
  /** Share of out-of-scope (non-gibberish) rows flagged. */
  readonly oosRecall: number;
  /** Share of gibberish rows flagged. */
  readonly gibberishFlagged: number;
}

/** Scores predicted labels against the shop set. */
export function scoreShopEval(rows: readonly ShopEvalRow[], predicted: readonly string[]): ShopFigures {
  const share = (kind: ShopEvalRow['kind'], hit: (row: ShopEvalRow, label: string) => boolean): number => {
    const members = rows.flatMap((r, i) => (r.kind === kind ? [[r, predicted[i]] as const] : []));
    return members.filter(([r, label]) => hit(r, label)).length / Math.max(1, members.length);
  };
  const flagged = (_: ShopEvalRow, label: string): boolean => label === oosLabel;
  return {
    accuracy: rows.filter((r, i) => r.intent === predicted[i]).length / rows.length,
    inScopeAccuracy: share('in', (r, label) => r.intent === label),
    inScopeFlagged: share('in', flagged),
    oosRecall: share('oos', flagged),
    gibberishFlagged: share('gibberish', flagged),
  };
}
