import { TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import type { Knex } from 'knex';
import { saveReference } from '../../store/conversation-references';
import { openConversation, setConversationLanguage, touchActiveConversation } from '../../store/conversations';
import { customerIdOf, upsertCustomer } from '../../store/customers';
import type { DbConversationRow } from '../../store/tables';
import { RecentWrites } from '../recent-writes';
import { MINUTE_MS } from '../../common/time';
import { referenceKeyOf } from './activity-keys';

/** How stale a customer's `last_seen_at` may get during an active conversation. */
const CUSTOMER_TOUCH_MS = MINUTE_MS;
/** An unchanged conversation reference is written again after this long anyway. */
const REFERENCE_REFRESH_MS = 10 * MINUTE_MS;

/** The customer conversation an activity belongs to. */
export interface CustomerConversation {
  customerId: string;
  row: DbConversationRow;
}

/**
 * Finds (or opens) the customer's current conversation for an incoming activity, writing the
 * customer row and the conversation reference only when they may have changed.
 */
export class CustomerConversations {
  private readonly touchedCustomers = new RecentWrites(CUSTOMER_TOUCH_MS);
  private readonly savedReferences = new RecentWrites(REFERENCE_REFRESH_MS);

  constructor(
    private readonly db: Knex,
    private readonly idleMs: number,
  ) {}

  async of(activity: Activity, now: number): Promise<CustomerConversation> {
    const { db } = this;
    const identity = { channelId: activity.channelId, channelUserId: activity.from.id, name: activity.from.name };
    const customerId = customerIdOf(identity);
    const lookup = {
      channelId: activity.channelId,
      channelConversationId: activity.conversation.id,
      customerId,
      now,
      idleMs: this.idleMs,
    };
    // An active conversation implies its customer row exists: its touch time is then only
    // refreshed once a minute. A new conversation always writes the customer first.
    let row = await touchActiveConversation(db, lookup);
    const name = identity.name ?? '';
    if (!row || !this.touchedCustomers.isCurrent(customerId, name, now)) {
      await upsertCustomer(db, identity, now);
      this.touchedCustomers.remember(customerId, name, now);
    }
    row ??= await openConversation(db, lookup);
    // The reference only changes when the channel moves the conversation (another serviceUrl).
    // Keyed by the conversation row, so a new conversation (also after an erasure) writes it.
    const reference = JSON.stringify(referenceOf(activity));
    if (!this.savedReferences.isCurrent(row.id, reference, now)) {
      const key = referenceKeyOf({ channelId: row.channel_id, channelConversationId: row.channel_conversation_id });
      await saveReference(db, key, 'customer', reference, customerId, now);
      this.savedReferences.remember(row.id, reference, now);
    }
    return { customerId, row };
  }

  /** Stores the language of the customer's latest message on the conversation, when it changed. */
  async followLanguage(row: DbConversationRow, language: string): Promise<void> {
    if (row.language !== language) await setConversationLanguage(this.db, row.id, language);
  }
}

/**
 * The reference proactive messages use, without the id of the activity it was taken from:
 * that changes every turn and a proactive message replies to nothing.
 */
function referenceOf(activity: Activity): Partial<ConversationReference> {
  const { activityId: _activityId, ...reference } = TurnContext.getConversationReference(activity);
  return reference;
}
