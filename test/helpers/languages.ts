import type { Knex } from 'knex';
import { messageActivity, postActivity } from '../../bench/lib/activities';
import type { TestApp } from './test-app';

/** What a customer sends in a language test: the text, the channel's interface locale, an activity id. */
export interface LocalisedMessage {
  conversationId: string;
  text: string;
  /** Omitted: the activity carries no locale. */
  locale?: string;
  id?: string;
}

/** A message activity with the channel's interface locale, as Web Chat and Teams send it. */
export function localisedActivity(t: TestApp, m: LocalisedMessage): Record<string, unknown> {
  return messageActivity({
    serviceUrl: t.connector.url,
    conversationId: m.conversationId,
    text: m.text,
    id: m.id,
    extra: m.locale === undefined ? {} : { locale: m.locale },
  });
}

/**
 * Posts a customer message to `/api/messages` and waits until the bot answered it (one more
 * reply than before); returns the replies this message got.
 */
export async function say(t: TestApp, m: LocalisedMessage): Promise<Array<Record<string, any>>> {
  const before = t.connector.messagesTo(m.conversationId).length;
  const res = await postActivity(t.url, localisedActivity(t, m));
  if (res.status !== 200) throw new Error(`POST /api/messages answered ${res.status}: ${await res.text()}`);
  await t.connector.waitFor(() => t.connector.messagesTo(m.conversationId).length > before);
  return t.connector
    .messagesTo(m.conversationId)
    .slice(before)
    .map((call) => call.body);
}

/** The languages stored for a channel conversation: its customer messages' in order, and the conversation's. */
export async function storedLanguages(
  db: Knex,
  channelConversationId: string,
): Promise<{ messages: Array<string | null>; conversation: string | null }> {
  const conversation = await db('conversations').where({ channel_conversation_id: channelConversationId }).first('id', 'language');
  if (!conversation) throw new Error(`no conversation ${channelConversationId}`);
  const messages = await db('messages').where({ conversation_id: conversation.id, role: 'customer' }).orderBy('id').select('language');
  return { messages: messages.map((m) => m.language), conversation: conversation.language };
}
