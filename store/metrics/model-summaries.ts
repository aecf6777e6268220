import type { Knex } from 'knex';
import type { z } from 'zod';

/** Names of the fitted models whose summaries live in `metric_models`. */
export type ModelName = 'satisfaction' | 'segments';

/** The stored summary of a fitted model, validated with `schema`; null when never fitted. */
export async function readModelSummary<S extends z.ZodType>(db: Knex, name: ModelName, schema: S): Promise<z.infer<S> | null> {
  const row = (await db('metric_models').where({ name }).first('data')) as { data: string } | undefined;
  if (!row) return null;
  const parsed = schema.safeParse(JSON.parse(row.data));
  return parsed.success ? parsed.data : null;
}

/** Replaces the stored summary of a model (inside `db`, which may be a transaction). */
export async function writeModelSummary(db: Knex, name: ModelName, data: unknown, now: number): Promise<void> {
  await db('metric_models')
    .insert({ name, data: JSON.stringify(data), fitted_at: now })
    .onConflict('name')
    .merge({ data: JSON.stringify(data), fitted_at: now });
}
