import type { Knex } from 'knex';
import { z } from 'zod';
import { readModelSummary } from './model-summaries';
import type { SegmentStats } from './stats-types';

/** What is kept of a segments fit: the segments with sizes, labels and centroids. */
export const segmentSummarySchema = z.object({
  k: z.number().int(),
  silhouette: z.number().nullable(),
  customers: z.number().int(),
  fittedAt: z.number(),
  segments: z.array(
    z.object({
      id: z.number().int(),
      label: z.string(),
      size: z.number().int(),
      atRisk: z.boolean(),
      centroid: z.record(z.string(), z.number()),
    }),
  ),
});

/** A stored segments summary. */
export type SegmentSummary = z.infer<typeof segmentSummarySchema>;

/** The segments of the latest fit (empty before the first fit). */
export async function readSegments(db: Knex): Promise<SegmentStats[]> {
  return (await readModelSummary(db, 'segments', segmentSummarySchema))?.segments ?? [];
}

/**
 * True when the customer belongs to a segment the latest fit labelled "at risk" (negative
 * sentiment or low ratings above the norm): the ticket flow can raise the priority for them.
 */
export async function isCustomerAtRisk(db: Knex, customerId: string): Promise<boolean> {
  const customer = (await db('customers').where({ id: customerId }).first('segment')) as { segment: number | null } | undefined;
  if (customer?.segment === null || customer?.segment === undefined) return false;
  const segments = await readSegments(db);
  return segments.some((s) => s.id === customer.segment && s.atRisk);
}
