import { z } from 'zod';
import { localeSchema } from '../locale-schema';
import { COLUMN_LENGTH, dbText, MESSAGE_TEXT_LENGTH, CLIENT_VALUE_BYTES, storedClientJson } from '../../store/field-limits';

/**
 * An activity as the widget posts it to `POST /v3/directline/conversations/:id/activities`.
 * Only these fields are taken; identities (`from`, `recipient`, `conversation`), ids and
 * timestamps are set by the server, whatever the browser sent.
 */
export const clientActivitySchema = z.object({
  type: z.enum(['message', 'event', 'typing']),
  text: dbText(MESSAGE_TEXT_LENGTH).optional(),
  textFormat: z.enum(['plain', 'markdown', 'xml']).optional(),
  locale: localeSchema.optional(),
  localTimezone: z.string().max(64).optional(),
  localTimestamp: z.string().max(64).optional(),
  name: z.string().max(256).optional(),
  value: storedClientJson(CLIENT_VALUE_BYTES).optional(),
  // Ignored (the token names the user) but bounded like the same fields on /api/messages.
  from: z
    .looseObject({ id: dbText(COLUMN_LENGTH.channelValue).optional(), name: dbText(COLUMN_LENGTH.channelValue).optional() })
    .optional(),
  attachments: z.array(z.unknown()).max(0, "photos go through the upload route (the widget's upload button)").optional(),
  channelData: z
    .looseObject({
      clientActivityID: dbText(COLUMN_LENGTH.clientActivityId).min(1).optional(),
      /** Set by Web Chat on card button presses it does not show as a message. */
      postBack: z.boolean().optional(),
      messageBack: z.looseObject({ displayText: z.string().max(1_000).optional() }).optional(),
    })
    .optional(),
});

/** A validated activity posted by the widget. */
export type ClientActivity = z.infer<typeof clientActivitySchema>;

/** Body of `POST /v3/directline/conversations` (Web Chat sends the user and locale; both advisory). */
export const startConversationSchema = z.object({ locale: localeSchema.optional() }).loose().optional().nullable();
