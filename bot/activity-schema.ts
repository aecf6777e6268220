import { z } from 'zod';
import { localeSchema } from './locale-schema';
import { attachmentsSchema } from './photos/photo-attachments';
import { COLUMN_LENGTH, dbText, MESSAGE_TEXT_LENGTH, CLIENT_VALUE_BYTES, storedClientJson } from '../store/field-limits';

/** A channel-given id or name: it is stored as given (see COLUMN_LENGTH). */
const channelValue = dbText(COLUMN_LENGTH.channelValue);
const id = channelValue.min(1);
/**
 * A conversation id travels back to the channel in an HTTP header (`x-ms-conversation-id`),
 * which takes printable ASCII only: channels' ids are (Teams `a:…`, `19:…@thread…`, Direct Line).
 */
const conversationId = id.regex(/^[\x20-\x7e]+$/, 'must be printable ASCII');

const channelAccountSchema = z.looseObject({
  id,
  name: channelValue.optional(),
  aadObjectId: z.string().max(128).optional(),
  role: z.string().max(32).optional(),
});

/**
 * The subset of a Bot Framework activity this bot relies on, checked before the adapter sees
 * it (a vanilla bot answers 500 to `{"type":5}` and fails late on a wrong-typed `from.id`).
 * Unknown fields pass through untouched.
 */
export const activitySchema = z.looseObject({
  type: z.enum([
    'message',
    'conversationUpdate',
    'contactRelationUpdate',
    'typing',
    'endOfConversation',
    'event',
    'invoke',
    'installationUpdate',
    'messageReaction',
    'messageUpdate',
    'messageDelete',
  ]),
  id: id.optional(),
  timestamp: z.string().max(64).optional(),
  serviceUrl: z.url({ protocol: /^https?$/ }).max(2048),
  channelId: dbText(COLUMN_LENGTH.channelId).min(1),
  from: channelAccountSchema,
  recipient: channelAccountSchema,
  conversation: z.looseObject({
    id: conversationId,
    conversationType: z.string().max(64).optional(),
    tenantId: dbText(128).optional(),
    isGroup: z.boolean().optional(),
  }),
  text: dbText(MESSAGE_TEXT_LENGTH).optional(),
  name: z.string().max(256).optional(),
  // The customer's interface language: one input of the message's language choice.
  locale: localeSchema.optional(),
  replyToId: id.optional(),
  membersAdded: z.array(channelAccountSchema).max(500).optional(),
  membersRemoved: z.array(channelAccountSchema).max(500).optional(),
  channelData: z
    .looseObject({
      // Stored when the bot is added to a team (agent_channels).
      team: z.looseObject({ id: channelValue.optional(), name: channelValue.optional() }).optional(),
      tenant: z.looseObject({ id: channelValue.optional() }).optional(),
    })
    .optional(),
  value: storedClientJson(CLIENT_VALUE_BYTES).optional(),
  attachments: attachmentsSchema.optional(),
});

/** A validated incoming activity. */
export type IncomingActivity = z.infer<typeof activitySchema>;

/** Nesting deeper than this is refused before any parsing work on it. */
export const MAX_JSON_DEPTH = 32;

/** Depth of a parsed JSON value, computed iteratively (no recursion on hostile input). */
export function jsonDepth(value: unknown): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (v === null || typeof v !== 'object') continue;
    if (depth > max) max = depth;
    if (max > MAX_JSON_DEPTH) return max;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return max;
}
