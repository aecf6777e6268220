import { z } from 'zod';

import { REFERENCE_LANGUAGE, SHIPPED_LANGUAGES } from '../common/languages';
import { quantisedWeightsSchema } from './quantised-weights';
import { tfidfSpaceJsonSchema } from './tfidf-space';

const cartNodeSchema: z.ZodType<CartNode> = z.lazy(() =>
  z.object({
    splitValue: z.number().optional(),
    splitColumn: z.number().int().optional(),
    gain: z.number().optional(),
    left: cartNodeSchema.optional(),
    right: cartNodeSchema.optional(),
    distribution: z.number().optional(),
  }),
);

interface CartNode {
  splitValue?: number;
  splitColumn?: number;
  gain?: number;
  left?: CartNode;
  right?: CartNode;
  distribution?: number;
}

/** An ml-cart `DTRegression` model as stored in our model file. */
export const regressionTreeJsonSchema = z.object({
  name: z.literal('DTRegression'),
  options: z.object({
    gainFunction: z.literal('regression'),
    splitFunction: z.literal('mean'),
    minNumSamples: z.number(),
    maxDepth: z.number().nullable(),
    kind: z.literal('regression'),
  }),
  root: cartNodeSchema,
});

/** Neighbour search and ranking settings saved with the model. */
export const modelSettingsSchema = z.object({
  k: z.number().int().positive(),
  maxDfShare: z.number().positive(),
  rerank: z.number().int().positive(),
  charNeighbours: z.boolean(),
  maxCandidates: z.number().int().min(2),
  charMinDf: z.number().int().positive(),
});
/** Neighbour search and ranking settings. */
export type ModelSettings = z.infer<typeof modelSettingsSchema>;

/**
 * Out-of-scope decision: calibrated softmax temperature, the confidence and similarity
 * floors, the confidence from which novelty (similarity below its floor) no longer flags a
 * message (1, novelty always flags, in model files written before it existed), and the
 * probability the out-of-scope class needs when it ranks first (0, always enough, in older
 * model files).
 */
export const oosCalibrationSchema = z.object({
  temperature: z.number().positive(),
  minConfidence: z.number().min(0).max(1),
  minSimilarity: z.number().min(0),
  noveltyMaxConfidence: z.number().min(0).max(1).default(1),
  minOosConfidence: z.number().min(0).max(1).default(0),
});
/** Out-of-scope decision parameters. */
export type OosCalibration = z.infer<typeof oosCalibrationSchema>;

/** The whole intent model file. */
export const intentModelJsonSchema = z.object({
  format: z.literal('support-bot-intent-model'),
  version: z.literal(1),
  seed: z.number().int(),
  /** The language the model was trained on (English in files written before languages existed). */
  language: z.enum(SHIPPED_LANGUAGES).default(REFERENCE_LANGUAGE),
  classes: z.array(z.string()).min(2),
  oosClass: z.number().int().min(-1),
  settings: modelSettingsSchema,
  word: tfidfSpaceJsonSchema,
  char: tfidfSpaceJsonSchema,
  training: z.object({ normalised: z.array(z.string()), labels: z.array(z.number().int().min(0)) }),
  linear: z.object({ weights: quantisedWeightsSchema, bias: z.array(z.number()) }),
  trees: z.array(regressionTreeJsonSchema),
  calibration: oosCalibrationSchema,
});
/** The whole intent model file. */
export type IntentModelJson = z.infer<typeof intentModelJsonSchema>;
