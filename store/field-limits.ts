import { z } from 'zod';

// Client strings that reach a column are checked here, once, against what the column holds:
// PostgreSQL refuses NUL in text and enforces varchar lengths (SQLite does neither), so a
// string that passed a looser schema failed only at the INSERT, after the request was taken.

/**
 * Lengths, in characters, of the varchar columns client input reaches (store/migrations).
 * Keys built from several of them must fit their own columns:
 * - `messages.dedup_key` and `tickets.source_key` (600) hold `channel|conversation|activity`:
 *   64 + 1 + 255 + 1 + 255 = 576;
 * - `conversation_references.key` (600) holds `channel|conversation`: 64 + 1 + 255 = 320;
 * - `bot_state.key` (600) holds botbuilder's `channel/conversations/conversation`: 64 + 15 + 255 = 334;
 * - `customers.id` holds `channel:user` (64 + 1 + 255 = 320): it and the columns referring to it
 *   became text (migration text-for-composed-values) rather than cutting user ids below what channels use.
 */
export const COLUMN_LENGTH = {
  /** `channel_id` of customers, conversations and messages. */
  channelId: 64,
  /**
   * Channel-given ids and names: `messages.activity_id`, `customers.channel_user_id`,
   * `customers.name`, `conversations.channel_conversation_id`, `agents.id|name`,
   * `agent_channels.conversation_id|team_id|team_name|tenant_id`.
   */
  channelValue: 255,
  /** `dl_activities.client_activity_id`. */
  clientActivityId: 128,
  /** `kb_articles.title`. */
  articleTitle: 255,
} as const;

/** Longest message text a customer or agent may send (a product limit: `messages.text` is text). */
export const MESSAGE_TEXT_LENGTH = 10_000;

/** Longest customer id (`channel:user`, see {@link COLUMN_LENGTH}). */
export const CUSTOMER_ID_LENGTH = COLUMN_LENGTH.channelId + 1 + COLUMN_LENGTH.channelValue;

/** The message of a string refused for holding U+0000. */
export const NUL_MESSAGE = 'must not contain NUL characters';

const hasNul = (s: string): boolean => s.includes('\u0000');

/** Length in characters (code points), as the database counts it, not UTF-16 units. */
const characters = (s: string): number => [...s].length;

/**
 * A string stored in a column of `max` characters (or a text column with a product limit of
 * `max`): longer strings and strings holding a NUL are refused with a message naming the rule.
 */
export function dbText(max: number) {
  return z
    .string()
    .refine((s) => !hasNul(s), NUL_MESSAGE)
    .refine((s) => s.length <= max || characters(s) <= max, `at most ${max} characters`);
}

/**
 * Free-form JSON (a card submit's `value`) whose strings may be stored: a NUL in any string or
 * key is refused at its path. The walk is iterative; callers have bounded the depth already.
 */
export const nulFreeJson = z.unknown().superRefine((value, ctx) => {
  const stack: Array<[unknown, PropertyKey[]]> = [[value, []]];
  while (stack.length > 0) {
    const [v, path] = stack.pop() as [unknown, PropertyKey[]];
    if (typeof v === 'string') {
      if (hasNul(v)) return ctx.addIssue({ code: 'custom', message: NUL_MESSAGE, path });
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    for (const [key, child] of Object.entries(v)) {
      const childPath = [...path, Array.isArray(v) ? Number(key) : key];
      if (hasNul(key)) return ctx.addIssue({ code: 'custom', message: NUL_MESSAGE, path: childPath });
      stack.push([child, childPath]);
    }
  }
});

/** Largest client `value` (a card submit, an event's payload) that is stored: 8 KB of JSON. */
export const CLIENT_VALUE_BYTES = 8 * 1024;

/**
 * Free-form client JSON that is stored as it came (messages' and events' `value`): NUL-free
 * ({@link nulFreeJson}) and at most `maxBytes` once serialized, so a body under the request
 * limit cannot store a quarter of a megabyte per activity.
 */
export function storedClientJson(maxBytes: number) {
  return nulFreeJson.refine(
    (value) => Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8') <= maxBytes,
    `at most ${maxBytes} bytes of JSON`,
  );
}
