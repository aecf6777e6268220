import type { Activity, ChannelAccount, ConversationAccount } from 'botbuilder';
import type { ClientActivity } from './client-activity-schema';
import { DIRECTLINE_CHANNEL_ID, DIRECTLINE_SERVICE_URL, newActivityId, type BotAccount } from './directline-adapter';

/** Where an incoming activity belongs: the conversation, its user and the bot. */
export interface IncomingAddress {
  conversationId: string;
  userId: string;
  bot: BotAccount;
}

function envelope(a: IncomingAddress, now: number) {
  return {
    id: newActivityId(),
    channelId: DIRECTLINE_CHANNEL_ID,
    serviceUrl: DIRECTLINE_SERVICE_URL,
    timestamp: new Date(now),
    // Direct Line sends only ids here; the schema's types require names and conversation kinds.
    conversation: { id: a.conversationId } as ConversationAccount,
    from: { id: a.userId, role: 'user' } as ChannelAccount,
    recipient: { ...a.bot, role: 'bot' },
  };
}

/**
 * The full activity for what the widget posted: identities, ids and timestamp come from the
 * server (`from.id` is the token's user, never the browser's); `channelData.clientActivityID`
 * is kept so the widget recognises its own message when it polls it back.
 */
export function fromClientActivity(posted: ClientActivity, a: IncomingAddress, now: number): Partial<Activity> {
  const { clientActivityID, postBack, messageBack } = posted.channelData ?? {};
  // Web Chat hides postBack echoes and shows a messageBack's display text: keep those hints.
  const channelData = {
    ...(clientActivityID === undefined ? {} : { clientActivityID }),
    ...(postBack === undefined ? {} : { postBack }),
    ...(messageBack?.displayText === undefined ? {} : { messageBack: { displayText: messageBack.displayText } }),
  };
  return {
    ...envelope(a, now),
    type: posted.type,
    ...(posted.text === undefined ? {} : { text: posted.text }),
    ...(posted.textFormat === undefined ? {} : { textFormat: posted.textFormat }),
    ...(posted.locale === undefined ? {} : { locale: posted.locale }),
    ...(posted.localTimezone === undefined ? {} : { localTimezone: posted.localTimezone }),
    ...(posted.name === undefined ? {} : { name: posted.name }),
    ...(posted.value === undefined ? {} : { value: posted.value }),
    ...(Object.keys(channelData).length === 0 ? {} : { channelData }),
  };
}

/** The `conversationUpdate` that tells the bot the user joined (the bot greets on it). */
export function joinActivity(a: IncomingAddress, now: number, locale?: string): Partial<Activity> {
  const base = envelope(a, now);
  return {
    ...base,
    type: 'conversationUpdate',
    membersAdded: [base.from],
    ...(locale === undefined ? {} : { locale }),
  };
}
