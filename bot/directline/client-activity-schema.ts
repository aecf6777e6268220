import { z } from 'zod';

/**
 * An activity as the widget posts it to `POST /v3/directline/conversations/:id/activities`.
 * Only these fields are taken; identities (`from`, `recipient`, `conversation`), ids and
 * timestamps are set by the server, whatever the browser sent.
 */
export const clientActivitySchema = z.object({
  type: z.enum(['message', 'event', 'typing']),
  text: z.string().max(10_000).optional(),
  textFormat: z.enum(['plain', 'markdown', 'xml']).optional(),
  locale: z.string().max(32).optional(),
  localTimezone: z.string().max(64).optional(),
  localTimestamp: z.string().max(64).optional(),
  name: z.string().max(256).optional(),
  value: z.unknown().optional(),
  from: z.looseObject({ id: z.string().max(512).optional(), name: z.string().max(256).optional() }).optional(),
  attachments: z.array(z.unknown()).max(0, 'attachments are not supported: type the question instead').optional(),
  channelData: z
    .looseObject({
      clientActivityID: z.string().min(1).max(128).optional(),
      /** Set by Web Chat on card button presses it does not show as a message. */
      postBack: z.boolean().optional(),
      messageBack: z.looseObject({ displayText: z.string().max(1_000).optional() }).optional(),
    })
    .optional(),
});

/** A validated activity posted by the widget. */
export type ClientActivity = z.infer<typeof clientActivitySchema>;

/** Body of `POST /v3/directline/conversations` (Web Chat sends the user and locale; both advisory). */
export const startConversationSchema = z
  .object({ locale: z.string().max(32).optional() })
  .loose()
  .optional()
  .nullable();
