import type { Knex } from 'knex';
import { z } from 'zod';
import { NotFoundError } from './errors';

/** A stored model version as the admin list shows it. */
export interface NluModelSummary {
  version: string;
  accuracy: number;
  activeAccuracy: number;
  promoted: boolean;
  trainedOnExamples: number;
  createdAt: number;
}

/** A trained model to store: its gzipped JSON and how it compared with the active one. */
export interface NewNluModel {
  version: string;
  modelGz: Buffer;
  accuracy: number;
  activeAccuracy: number;
  /** The active version it was compared with; undefined for the shipped model. */
  comparedWith?: string;
  /** Whether it passed the promotion gate against `comparedWith`. */
  passedGate: boolean;
  trainedOnExamples: number;
  figures: Record<string, unknown>;
  createdAt: number;
}

const ACTIVE_ROW = 1;

const summaryRowSchema = z.object({
  version: z.string(),
  accuracy: z.coerce.number(),
  active_accuracy: z.coerce.number(),
  // SQLite answers 0/1, PostgreSQL a boolean.
  promoted: z.union([z.boolean(), z.number().transform((v) => v !== 0)]),
  trained_on_examples: z.coerce.number(),
  created_at: z.coerce.number(),
});

/**
 * Stores a trained model. A promoted one becomes active in the same transaction, but only if
 * the active version is still the one it was compared with (`comparedWith`): when an admin activated another version meanwhile, the model is stored as
 * not promoted. Resolves with whether it became active.
 */
export async function insertNluModel(db: Knex, model: NewNluModel): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx('nlu_models').insert({
      version: model.version,
      model_gz: model.modelGz,
      accuracy: model.accuracy,
      active_accuracy: model.activeAccuracy,
      compared_with: model.comparedWith ?? null,
      promoted: false,
      trained_on_examples: model.trainedOnExamples,
      figures: JSON.stringify(model.figures),
      created_at: model.createdAt,
    });
    if (!model.passedGate) return false;
    const switched = await tx('nlu_active_model')
      .where({ id: ACTIVE_ROW })
      .andWhere((w) => (model.comparedWith === undefined ? w.whereNull('version') : w.where({ version: model.comparedWith })))
      .update({ version: model.version, activated_at: model.createdAt });
    if (switched !== 1) return false;
    await tx('nlu_models').where({ version: model.version }).update({ promoted: true });
    return true;
  });
}

/** Every stored version, newest first, without the model itself. */
export async function listNluModels(db: Knex): Promise<NluModelSummary[]> {
  const rows: unknown[] = await db('nlu_models')
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'version', order: 'desc' },
    ])
    .select('version', 'accuracy', 'active_accuracy', 'promoted', 'trained_on_examples', 'created_at');
  return rows.map((row) => {
    const r = summaryRowSchema.parse(row);
    return {
      version: r.version,
      accuracy: r.accuracy,
      activeAccuracy: r.active_accuracy,
      promoted: r.promoted,
      trainedOnExamples: r.trained_on_examples,
      createdAt: r.created_at,
    };
  });
}

/** The gzipped JSON of `version`, or undefined when no such version is stored. */
export async function loadNluModelGz(db: Knex, version: string): Promise<Buffer | undefined> {
  const row = await db('nlu_models').where({ version }).first<{ model_gz: Buffer } | undefined>('model_gz');
  return row?.model_gz;
}

/** The active version, or undefined while the shipped model is in use. */
export async function activeNluVersion(db: Knex): Promise<string | undefined> {
  const row = await db('nlu_active_model').where({ id: ACTIVE_ROW }).first<{ version: string | null } | undefined>('version');
  return row?.version ?? undefined;
}

/** Makes a stored version the active one; throws {@link NotFoundError} for an unknown version. */
export async function activateNluModel(db: Knex, version: string, now: number): Promise<void> {
  await db.transaction(async (tx) => {
    const exists = await tx('nlu_models').where({ version }).first('version');
    if (!exists) throw new NotFoundError(`no model version ${version}`);
    await tx('nlu_active_model').where({ id: ACTIVE_ROW }).update({ version, activated_at: now });
  });
}
