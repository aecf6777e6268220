import { z } from 'zod';

/** What is kept of a satisfaction-model fit: its held-out error and the sizes involved. */
export const satisfactionSummarySchema = z.object({
  mae: z.number().nullable(),
  trainRows: z.number().int(),
  heldOutRows: z.number().int(),
  estimated: z.number().int(),
  fittedAt: z.number(),
});

/** A stored satisfaction-model summary. */
export type SatisfactionSummary = z.infer<typeof satisfactionSummarySchema>;
