import { TurnContext, type Activity, type ConversationReference, type Middleware, type ResourceResponse } from 'botbuilder';
import type { Knex } from 'knex';
import { openConversation, touchActiveConversation } from '../store/conversations';
import { saveReference } from '../store/conversation-references';
import { customerIdOf, upsertCustomer } from '../store/customers';
import { markHandled, storeIncoming, storeOutgoing } from '../store/messages';
import type { DbConversationRow } from '../store/tables';
import { getOutgoingRole, getTurnRecord, setTurnRecord, type TurnRecord } from '../dialogs/turn-state';
import type { Logger } from './logger';
import { RecentWrites } from './recent-writes';

/** How stale a customer's `last_seen_at` may get during an active conversation. */
const CUSTOMER_TOUCH_MS = 60_000;
/** An unchanged conversation reference is written again after this long anyway. */
const REFERENCE_REFRESH_MS = 10 * 60_000;

/** Options of {@link TranscriptMiddleware}. */
export interface TranscriptOptions {
  db: Knex;
  logger: Logger;
  idleMs: number;
  /** True for conversations that belong to agents (the agents' Teams channel), not customers. */
  isAgentSpace: (context: TurnContext) => Promise<boolean>;
}

/**
 * Stores every customer message before its turn runs and every message sent after the
 * channel accepted it. A redelivered activity whose first turn completed runs no second turn.
 */
export class TranscriptMiddleware implements Middleware {
  private readonly touchedCustomers = new RecentWrites(CUSTOMER_TOUCH_MS);
  private readonly savedReferences = new RecentWrites(REFERENCE_REFRESH_MS);

  constructor(private readonly options: TranscriptOptions) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const activity = context.activity;
    if (await this.options.isAgentSpace(context)) return next();
    // Registered for every customer-side turn: proactive turns (agent relay, timeouts) set
    // their turn record themselves, and what they send is stored the same way.
    context.onSendActivities((ctx, activities, sendNext) => this.recordSent(ctx, activities, sendNext));
    if (!isCustomerFacing(activity)) return next();
    const { db } = this.options;
    const now = Date.now();
    const { customerId, conversation } = await this.conversationOf(activity, now);
    let messageId: number | undefined;
    if (activity.type === 'message') {
      const stored = await storeIncoming(db, {
        conversationId: conversation.id,
        channelId: activity.channelId,
        dedupKey: activity.id ? `${activity.channelId}|${activity.conversation.id}|${activity.id}` : null,
        activityId: activity.id ?? null,
        role: 'customer',
        text: activity.text ?? (activity.value === undefined ? null : JSON.stringify(activity.value)),
        now,
      });
      if (stored.duplicate && stored.handled) {
        this.options.logger.info({ activityId: activity.id }, 'redelivered activity ignored');
        return;
      }
      messageId = stored.id;
    }
    const record: TurnRecord = {
      conversationId: conversation.id,
      customerId,
      messageId,
      hasFirstIntent: conversation.first_intent !== null,
    };
    setTurnRecord(context, record);
    await next();
    if (messageId !== undefined) await markHandled(db, messageId, Date.now(), record.understanding);
  }

  /**
   * The customer's current conversation, with the customer row and the conversation reference
   * written when they may have changed.
   */
  private async conversationOf(activity: Activity, now: number): Promise<{ customerId: string; conversation: DbConversationRow }> {
    const { db } = this.options;
    const identity = { channelId: activity.channelId, channelUserId: activity.from.id, name: activity.from.name };
    const customerId = customerIdOf(identity);
    const lookup = {
      channelId: activity.channelId,
      channelConversationId: activity.conversation.id,
      customerId,
      now,
      idleMs: this.options.idleMs,
    };
    // An active conversation implies its customer row exists: its touch time is then only
    // refreshed once a minute. A new conversation always writes the customer first.
    let conversation = await touchActiveConversation(db, lookup);
    const name = identity.name ?? '';
    if (!conversation || !this.touchedCustomers.isCurrent(customerId, name, now)) {
      await upsertCustomer(db, identity, now);
      this.touchedCustomers.remember(customerId, name, now);
    }
    conversation ??= await openConversation(db, lookup);
    // The reference only changes when the channel moves the conversation (another serviceUrl).
    // Keyed by the conversation row, so a new conversation (also after an erasure) writes it.
    const reference = JSON.stringify(referenceOf(activity));
    if (!this.savedReferences.isCurrent(conversation.id, reference, now)) {
      await saveReference(db, referenceKey(activity), 'customer', reference, customerId, now);
      this.savedReferences.remember(conversation.id, reference, now);
    }
    return { customerId, conversation };
  }

  private async recordSent(
    context: TurnContext,
    activities: Partial<Activity>[],
    sendNext: () => Promise<ResourceResponse[]>,
  ): Promise<ResourceResponse[]> {
    const responses = await sendNext();
    const record = getTurnRecord(context);
    if (!record) return responses;
    const role = getOutgoingRole(context);
    for (const [i, sent] of activities.entries()) {
      if (sent.type !== 'message') continue;
      await storeOutgoing(this.options.db, {
        conversationId: record.conversationId,
        channelId: context.activity.channelId,
        role,
        text: sent.text ?? describeAttachments(sent),
        activityId: responses[i]?.id ?? null,
        now: Date.now(),
      });
    }
    return responses;
  }
}

/** The key under which a customer conversation's reference is stored. */
export function referenceKey(activity: Pick<Activity, 'channelId' | 'conversation'>): string {
  return `${activity.channelId}|${activity.conversation.id}`;
}

/**
 * The reference proactive messages use, without the id of the activity it was taken from:
 * that changes every turn and a proactive message replies to nothing.
 */
function referenceOf(activity: Activity): Partial<ConversationReference> {
  const { activityId: _activityId, ...reference } = TurnContext.getConversationReference(activity);
  return reference;
}

function isCustomerFacing(activity: Activity): boolean {
  if (activity.type === 'message' || activity.type === 'invoke') return true;
  if (activity.type !== 'conversationUpdate') return false;
  return (activity.membersAdded ?? []).length > 0;
}

function describeAttachments(activity: Partial<Activity>): string | null {
  const titles = (activity.attachments ?? []).map((a) => a.contentType);
  return titles.length > 0 ? `[${titles.join(', ')}]` : null;
}
