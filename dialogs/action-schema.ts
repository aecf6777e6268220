import { z } from 'zod';
import type { CardAction } from './cards';

/** Card submit payloads (`activity.value`), validated before any state changes. */
export const cardActionSchema = z.discriminatedUnion('sb', [
  z.object({ sb: z.literal('kb'), articleId: z.string().min(1).max(128), helpful: z.boolean() }),
  z.object({ sb: z.literal('article'), articleId: z.string().min(1).max(128) }),
  z.object({
    sb: z.literal('survey'),
    kind: z.enum(['agent', 'kb']),
    conversationId: z.string().min(1).max(64),
    rating: z.coerce.number().int().min(1).max(5),
    comment: z.string().max(1000).optional(),
  }),
  z.object({ sb: z.literal('agent') }),
  z.object({ sb: z.literal('handoff'), op: z.enum(['end', 'stay']) }),
]);

/** The card action in a message's `value`, undefined when there is none or it is not ours. */
export function parseCardAction(value: unknown): CardAction | undefined {
  const parsed = cardActionSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
