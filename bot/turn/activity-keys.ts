import type { Activity } from 'botbuilder';

/**
 * The idempotency key of a channel activity (`messages.dedup_key`, `tickets.source_key`):
 * a redelivery of the same activity has the same key. Null when the channel gave no id.
 */
export function dedupKeyOf(activity: Pick<Activity, 'channelId' | 'conversation' | 'id'>): string | null {
  return activity.id ? `${activity.channelId}|${activity.conversation.id}|${activity.id}` : null;
}

/** The key under which a customer conversation's reference is stored. */
export function referenceKeyOf(conversation: { channelId: string; channelConversationId: string }): string {
  return `${conversation.channelId}|${conversation.channelConversationId}`;
}
