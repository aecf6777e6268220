import type { Knex } from 'knex';
import { z } from 'zod';
import { dialectOf } from './db';
import { NotFoundError } from './errors';
import { idChunks } from './id-chunks';

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
  /** The confirmed examples (`nlu_examples.id`) it was trained on. */
  exampleIds: readonly number[];
  figures: Record<string, unknown>;
  createdAt: number;
}

/**
 * What {@link insertNluModel} did: stored and made active, stored inactive, or not stored at
 * all because an example it was trained on was erased or purged while it trained.
 */
export type NluModelOutcome = 'promoted' | 'inactive' | 'examples-removed';

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
 * Stores a trained model with the examples it was trained on. A model trained on an example
 * that no longer exists (erased or purged meanwhile) is not stored. A promoted one becomes
 * active in the same transaction, but only if the active version is still the one it was
 * compared with (`comparedWith`): when an admin activated another version meanwhile, the model
 * is stored inactive.
 */
export async function insertNluModel(db: Knex, model: NewNluModel): Promise<NluModelOutcome> {
  return db.transaction(async (tx) => {
    if (!(await examplesStillExist(tx, model.exampleIds))) return 'examples-removed';
    await tx('nlu_models').insert({
      version: model.version,
      model_gz: model.modelGz,
      accuracy: model.accuracy,
      active_accuracy: model.activeAccuracy,
      compared_with: model.comparedWith ?? null,
      promoted: false,
      trained_on_examples: model.exampleIds.length,
      figures: JSON.stringify(model.figures),
      created_at: model.createdAt,
    });
    for (const ids of idChunks(model.exampleIds)) {
      await tx('nlu_model_examples').insert(ids.map((id) => ({ version: model.version, example_id: id })));
    }
    // A model trained on the examples left: the retrain an erasure or purge made due is done.
    await tx('nlu_active_model').where({ id: ACTIVE_ROW }).update({ retrain_due_at: null });
    if (!model.passedGate) return 'inactive';
    const switched = await tx('nlu_active_model')
      .where({ id: ACTIVE_ROW })
      .andWhere((w) => (model.comparedWith === undefined ? w.whereNull('version') : w.where({ version: model.comparedWith })))
      .update({ version: model.version, activated_at: model.createdAt });
    if (switched !== 1) return 'inactive';
    await tx('nlu_models').where({ version: model.version }).update({ promoted: true });
    return 'promoted';
  });
}

/**
 * Whether every example still exists. On PostgreSQL the rows are share-locked until the
 * transaction ends, so an erasure deleting one of them waits and then finds the new version's
 * links ({@link removeModelsTrainedOn}); SQLite runs one writer at a time anyway.
 */
async function examplesStillExist(tx: Knex.Transaction, ids: readonly number[]): Promise<boolean> {
  for (const chunk of idChunks(ids)) {
    const query = tx('nlu_examples').whereIn('id', chunk).select('id');
    const found = dialectOf(tx) === 'postgres' ? await query.forShare() : await query;
    if (found.length !== chunk.length) return false;
  }
  return true;
}

/**
 * Deletes every model version trained on one of `exampleIds` (examples just deleted, in the
 * same transaction), so that erased or purged words do not live on in a model. When the active
 * version is one of them, the newest promoted version trained on none of them (or the shipped
 * model) becomes active and a retrain is marked due, to learn again from the examples left.
 * Resolves with how many versions were deleted.
 */
export async function removeModelsTrainedOn(tx: Knex.Transaction, exampleIds: readonly number[], now: number): Promise<number> {
  const tainted = new Set<string>();
  for (const chunk of idChunks(exampleIds)) {
    const rows: Array<{ version: string }> = await tx('nlu_model_examples').whereIn('example_id', chunk).distinct('version');
    for (const row of rows) tainted.add(row.version);
  }
  if (tainted.size === 0) return 0;
  const versions = [...tainted];
  const active = await tx('nlu_active_model').where({ id: ACTIVE_ROW }).first<{ version: string | null }>('version');
  if (active.version !== null && tainted.has(active.version)) {
    const replacement = await tx('nlu_models')
      .where({ promoted: true })
      .whereNotIn('version', versions)
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'version', order: 'desc' },
      ])
      .first<{ version: string } | undefined>('version');
    await tx('nlu_active_model')
      .where({ id: ACTIVE_ROW })
      .update({ version: replacement?.version ?? null, activated_at: now, retrain_due_at: now });
  }
  let deleted = 0;
  for (const chunk of idChunks(versions)) deleted += await tx('nlu_models').whereIn('version', chunk).delete();
  return deleted;
}

/**
 * Takes the "retrain due" mark left by {@link removeModelsTrainedOn}: resolves true for exactly
 * one caller (one conditional UPDATE), which then starts the retrain. The mark is not cleared
 * but put `leaseMs` ahead: a retrain that dies with its instance leaves it due again then, and
 * only a stored model clears it ({@link insertNluModel}).
 */
export async function takeDueRetrain(db: Knex, now: number, leaseMs: number): Promise<boolean> {
  const taken = await db('nlu_active_model')
    .where({ id: ACTIVE_ROW })
    .where('retrain_due_at', '<=', now)
    .update({ retrain_due_at: now + leaseMs });
  return taken === 1;
}

/** Marks a retrain due (a run that could not store its model because examples went meanwhile). */
export async function markRetrainDue(db: Knex, now: number): Promise<void> {
  await db('nlu_active_model').where({ id: ACTIVE_ROW }).update({ retrain_due_at: now });
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

/** Goes back to the shipped model (no stored version active): an admin's way back from every retrain. */
export async function activateShippedModel(db: Knex, now: number): Promise<void> {
  await db('nlu_active_model').where({ id: ACTIVE_ROW }).update({ version: null, activated_at: now });
}
