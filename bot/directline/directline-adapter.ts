import { randomBytes } from 'node:crypto';
import { ActivityTypes, BotAdapter, TurnContext, type Activity, type ConversationReference, type ResourceResponse } from 'botbuilder';
import type { Knex } from 'knex';
import { appendDlActivity, deleteDlActivity, findDlActivity } from '../../store/directline';
import { NotFoundError } from '../../store/errors';

/**
 * The `serviceUrl` of every activity of the built-in Direct Line endpoint. Stored conversation
 * references carry it, so proactive code can tell that this adapter (not the CloudAdapter)
 * reaches the conversation.
 */
export const DIRECTLINE_SERVICE_URL = 'urn:support-bot:directline';

/** The `channelId` of activities that come through the built-in Direct Line endpoint. */
export const DIRECTLINE_CHANNEL_ID = 'directline';

/** The bot's account as the widget sees it. */
export interface BotAccount {
  id: string;
  name: string;
}

/** Turn logic run by the adapter after its middleware. */
export type TurnLogic = (context: TurnContext) => Promise<void>;

/** A new activity id: unique, URL-safe, not guessable. */
export function newActivityId(): string {
  return randomBytes(12).toString('base64url');
}

/**
 * A Bot Framework adapter for the built-in Direct Line endpoint. It runs the same middleware
 * and bot as the CloudAdapter, but "sending" stores the bot's activities in the database,
 * where the widget polls them from.
 */
export class DirectLineAdapter extends BotAdapter {
  constructor(
    private readonly db: Knex,
    /** The bot's account (`from` of its replies). */
    readonly bot: BotAccount,
  ) {
    super();
  }

  /** Runs one incoming activity (already validated and stored) through middleware and `logic`. */
  async processActivity(activity: Partial<Activity>, logic: TurnLogic): Promise<void> {
    const context = new TurnContext(this, activity);
    await this.runMiddleware(context, logic);
  }

  /** Stores outgoing activities for the widget; `delay` waits, traces and invoke responses are dropped. */
  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const outgoing of activities) {
      if (outgoing.type === 'delay') {
        await new Promise((resolve) => setTimeout(resolve, typeof outgoing.value === 'number' ? outgoing.value : 1000));
        responses.push({ id: '' });
        continue;
      }
      if (outgoing.type === ActivityTypes.Trace || outgoing.type === ActivityTypes.InvokeResponse) {
        responses.push({ id: '' });
        continue;
      }
      const conversationId = outgoing.conversation?.id ?? context.activity.conversation?.id;
      if (!conversationId) throw new NotFoundError('outgoing activity has no conversation');
      const id = newActivityId();
      const now = Date.now();
      const activity = {
        ...outgoing,
        id,
        channelId: DIRECTLINE_CHANNEL_ID,
        serviceUrl: DIRECTLINE_SERVICE_URL,
        conversation: { ...outgoing.conversation, id: conversationId },
        from: { ...this.bot, ...outgoing.from, role: 'bot' },
        timestamp: new Date(now).toISOString(),
      };
      await appendDlActivity(this.db, { conversationId, activityId: id, activity, now });
      responses.push({ id });
    }
    return responses;
  }

  /**
   * Appends an updated copy under the same id and original timestamp: pollers receive it and
   * Web Chat replaces the activity it shows in place.
   */
  async updateActivity(_context: TurnContext, activity: Partial<Activity>): Promise<ResourceResponse | void> {
    const conversationId = activity.conversation?.id;
    if (!conversationId || !activity.id) throw new NotFoundError('updateActivity needs a conversation and an activity id');
    const original = await findDlActivity(this.db, conversationId, activity.id);
    if (!original) throw new NotFoundError(`activity ${activity.id} not found`);
    const updated = { ...original, ...activity, id: activity.id, timestamp: original.timestamp, from: original.from };
    await appendDlActivity(this.db, { conversationId, activityId: activity.id, activity: updated, now: Date.now() });
    return { id: activity.id };
  }

  /** Removes the activity from the log (clients that already received it keep showing it). */
  async deleteActivity(_context: TurnContext, reference: Partial<ConversationReference>): Promise<void> {
    const conversationId = reference.conversation?.id;
    if (!conversationId || !reference.activityId) throw new NotFoundError('deleteActivity needs a conversation and an activity id');
    await deleteDlActivity(this.db, conversationId, reference.activityId);
  }

  /** Proactive turn on a stored conversation reference (see {@link continueConversationAsync}). */
  async continueConversation(reference: Partial<ConversationReference>, logic: TurnLogic): Promise<void> {
    await this.continueConversationAsync(this.bot.id, reference, logic);
  }

  /**
   * Runs middleware and `logic` on a continuation event for `reference`, like the CloudAdapter:
   * anything the logic sends lands in the widget conversation. The first argument (bot app id
   * or claims) and the audience are accepted for signature compatibility and not needed here.
   */
  override async continueConversationAsync(
    _botAppIdOrClaims: unknown,
    reference: Partial<ConversationReference>,
    logicOrAudience: TurnLogic | string,
    maybeLogic?: TurnLogic,
  ): Promise<void> {
    const logic = typeof logicOrAudience === 'function' ? logicOrAudience : maybeLogic;
    if (!logic) throw new TypeError('continueConversationAsync: logic is required');
    const continuation = TurnContext.applyConversationReference(
      { type: ActivityTypes.Event, name: 'ContinueConversation' },
      reference,
      true,
    );
    await this.runMiddleware(new TurnContext(this, continuation), logic);
  }
}
