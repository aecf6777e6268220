import { z } from 'zod';

/** Weights stored as signed bytes with one scale per class column, base64-encoded. */
export const quantisedWeightsSchema = z.object({
  classes: z.number().int().positive(),
  scales: z.array(z.number()),
  bytes: z.string(),
});
/** Quantised weight matrix. */
export type QuantisedWeights = z.infer<typeof quantisedWeightsSchema>;

/** Quantises a term-major weight matrix (`w[term * classes + class]`) to 8 bits per weight. */
export function quantiseWeights(w: Float64Array, classes: number): QuantisedWeights {
  const scales = new Array<number>(classes).fill(0);
  for (let i = 0; i < w.length; i++) scales[i % classes] = Math.max(scales[i % classes], Math.abs(w[i]));
  for (let c = 0; c < classes; c++) scales[c] = scales[c] > 0 ? scales[c] / 127 : 1;
  const q = new Int8Array(w.length);
  for (let i = 0; i < w.length; i++) q[i] = Math.round(w[i] / scales[i % classes]);
  return { classes, scales, bytes: Buffer.from(q.buffer).toString('base64') };
}

/** Restores the weight matrix from its quantised form. */
export function dequantiseWeights(q: QuantisedWeights): Float64Array {
  const buf = Buffer.from(q.bytes, 'base64');
  const bytes = new Int8Array(buf.buffer, buf.byteOffset, buf.length);
  const w = new Float64Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) w[i] = bytes[i] * q.scales[i % q.classes];
  return w;
}
