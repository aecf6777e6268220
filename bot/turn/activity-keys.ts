import { createHash } from 'node:crypto';
import type { Activity } from 'botbuilder';

/**
 * The idempotency key of a channel activity (`messages.dedup_key`, `tickets.source_key`):
 * a redelivery of the same activity has the same key. Null when the channel gave no id.
 *
 * `channel|conversation|activity` names one activity only while the channel and conversation
 * ids hold no `|` (activity ids do: Direct Line's are `conversation|0000001`). Otherwise
 * conversation `a|b` with activity `c` and conversation `a` with activity `b|c` would share a
 * key, and the second message would be taken for a redelivery of the first and never answered.
 * Such ids get a hash of all three parts instead: it has no `|`, so it never equals a plain key.
 */
export function dedupKeyOf(activity: Pick<Activity, 'channelId' | 'conversation' | 'id'>): string | null {
  if (!activity.id) return null;
  const { channelId } = activity;
  const conversationId = activity.conversation.id;
  if (!channelId.includes('|') && !conversationId.includes('|')) return `${channelId}|${conversationId}|${activity.id}`;
  return `sha256:${createHash('sha256')
    .update(JSON.stringify([channelId, conversationId, activity.id]))
    .digest('hex')}`;
}

/** The key under which a customer conversation's reference is stored. */
export function referenceKeyOf(conversation: { channelId: string; channelConversationId: string }): string {
  return `${conversation.channelId}|${conversation.channelConversationId}`;
}
