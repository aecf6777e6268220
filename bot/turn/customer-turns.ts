import { ActivityTypes, type Activity, type TurnContext } from 'botbuilder';
import { parseCardAction } from '../../dialogs/action-schema';
import type { CustomerDialog } from '../../dialogs/customer-dialog';
import type { CustomerMessage } from '../../dialogs/decision';
import { applyEffects } from '../../dialogs/effects';
import { greetingReply } from '../../dialogs/greeting';
import type { Understander, Understanding } from '../../dialogs/ports';
import type { IncomingMessage } from '../../store/messages';
import type { DbConversationRow, MessageKind } from '../../store/tables';
import type { Language } from '../../common/languages';
import type { Repositories } from '../../store/repositories';
import { SECOND_MS } from '../../common/time';
import type { TeamsAgentDesk } from '../handoff/agent-desk';
import type { TicketLifecycle } from '../handoff/ticket-lifecycle';
import type { Logger } from '../logger';
import { attachedPhotos } from '../photos/photo-attachments';
import { dedupKeyOf } from './activity-keys';
import type { CustomerConversation, CustomerConversations } from './customer-conversations';
import type { CustomerLine, CustomerOutbox, CustomerTarget } from './customer-outbox';
import type { DialogStates } from './dialog-states';
import { LocalClaims } from './local-claims';
import { storedLanguage, type LanguageChoice, type MessageLanguage } from './message-language';
import { verifiedCustomerOf, widgetClientOf } from './verified-customer';

/** A claim not marked handled by then belongs to a crashed instance: the next delivery takes it. */
export const CLAIM_LEASE_MS = 30 * SECOND_MS;
/** How often a delivery waiting on another instance's claim looks again. */
const CLAIM_POLL_MS = 100;

/** Dependencies of {@link CustomerTurns}. */
export interface CustomerTurnsDeps {
  repos: Repositories;
  conversations: CustomerConversations;
  outbox: CustomerOutbox;
  nlu: Understander;
  dialog: CustomerDialog;
  /** Chooses the language of each customer message (bot/turn/message-language.ts). */
  messageLanguage: MessageLanguage;
  desk: TeamsAgentDesk;
  tickets: Pick<TicketLifecycle, 'onCustomerMessage'>;
  /** The dialog state of customer conversations. */
  states: DialogStates;
  logger: Logger;
  /** Overrides {@link CLAIM_LEASE_MS} (tests of a crashed claim). */
  claimLeaseMs?: number;
}

/**
 * The one path of a customer turn, for `/api/messages` and the Direct Line endpoint alike
 * (both authenticate and rate-limit before calling {@link run}):
 *
 *   choose the language → claim the activity (the insert of the message, with its language, on
 *   its unique key) → understand → decide (the dialog) → carry out (send and store replies,
 *   hand off, save state) → mark handled.
 *
 * A concurrent delivery of the same activity waits for the first and ends as it did. Any
 * failure releases the claim and propagates, so the channel gets a 5xx and retries: a 2xx
 * means the message is stored and answered.
 */
export class CustomerTurns {
  private readonly local = new LocalClaims();
  private readonly claimLeaseMs: number;

  constructor(private readonly deps: CustomerTurnsDeps) {
    this.claimLeaseMs = deps.claimLeaseMs ?? CLAIM_LEASE_MS;
  }

  /** Runs one activity of a customer conversation. */
  async run(context: TurnContext): Promise<void> {
    const { activity } = context;
    if (activity.type === ActivityTypes.Message) return this.onMessage(context);
    if (activity.type === ActivityTypes.ConversationUpdate && shouldGreet(activity)) {
      const conversation = await this.deps.conversations.of(activity, Date.now());
      await this.greetOnce(context, conversation.row);
      return;
    }
    if (activity.type === ActivityTypes.Invoke) await context.sendActivity(refusedInvoke(activity));
  }

  /** Greets once per conversation, whichever delivery of the join claims it first. */
  private async greetOnce(context: TurnContext, row: CustomerConversation['row']): Promise<void> {
    const { conversations } = this.deps.repos;
    if (!(await conversations.claimGreeting(row.id, Date.now()))) return;
    try {
      // Nothing written yet: the widget's or Teams' locale, else the conversation's language so far.
      const { language } = this.deps.messageLanguage({ text: '', locale: context.activity.locale, previous: storedLanguage(row.language) });
      await this.deps.conversations.followLanguage(row, language);
      const line = this.deps.outbox.line(context, targetOf(row, language));
      await line.send(greetingReply(line.messages));
    } catch (error) {
      await conversations.releaseGreeting(row.id);
      throw error;
    }
  }

  private async onMessage(context: TurnContext): Promise<void> {
    const { activity } = context;
    const key = dedupKeyOf(activity);
    if (key === null) return this.runClaimed(context);
    const earlier = this.local.settlementOf(key);
    if (earlier) {
      const settled = await earlier;
      if (!settled.ok) throw settled.error;
    }
    return this.local.run(key, () => this.runClaimed(context));
  }

  private async runClaimed(context: TurnContext): Promise<void> {
    const { repos, conversations, outbox } = this.deps;
    const activity = context.activity;
    const now = Date.now();
    const conversation = await conversations.of(activity, now);
    const action = parseCardAction(activity.value);
    // The routes checked the photos (type, size, data: URIs only) before the turn.
    const { photos, links } = attachedPhotos(activity.attachments);
    const chosen = this.deps.messageLanguage({
      text: activity.text ?? '',
      locale: activity.locale,
      previous: storedLanguage(conversation.row.language),
      cardAction: action !== undefined,
    });
    const claim = await this.claim({
      conversationId: conversation.row.id,
      channelId: activity.channelId,
      dedupKey: dedupKeyOf(activity),
      activityId: activity.id ?? null,
      role: 'customer',
      kind: messageKindOf(activity, photos.length),
      text: activity.text ?? null,
      value: activity.value,
      language: chosen.language,
      now,
    });
    if (claim === undefined) {
      this.deps.logger.info({ activityId: activity.id }, 'redelivered activity: its turn already ran');
      return;
    }
    const { messageId } = claim;
    const choice = firstChoice(chosen, claim.language);
    const heartbeat = this.keepClaimed(messageId);
    try {
      await conversations.followLanguage(conversation.row, choice.language);
      const photoIds = await repos.messages.storePhotos(messageId, conversation.row.id, photos, now);
      const line = outbox.line(context, targetOf(conversation.row, choice.language));
      const message: CustomerMessage = {
        channelId: activity.channelId,
        conversationId: conversation.row.id,
        customerId: conversation.customerId,
        text: (activity.text ?? '').trim(),
        action,
        sourceKey: dedupKeyOf(activity),
        messageId,
        hasFirstIntent: conversation.row.first_intent !== null,
        verifiedCustomer: verifiedCustomerOf(context, this.deps.logger),
        clientIp: widgetClientOf(context)?.ip,
        photoIds,
        photoLinks: links,
        language: choice.language,
        unsupportedLanguage: choice.unsupported,
      };
      // Writing again reopens the customer's resolved ticket; rating the last chat does not.
      if (!(await this.deps.dialog.isSurveyAnswer(message))) await this.deps.tickets.onCustomerMessage(message.customerId, now);
      // A survey answer may come after a handoff; anything else during one goes to the agent.
      const handoff = action?.sb === 'survey' ? undefined : await repos.handoffs.liveOf(message.conversationId);
      let understanding: Understanding | undefined;
      if (handoff) {
        await this.deps.desk.onCustomerMessage(line, message, handoff);
        // Back after a while, the customer may ask what the agent said: the agent reads it, the bot answers it.
        const status = handoff.status === 'assigned' ? await this.deps.dialog.ticketStatusAnswer(message) : undefined;
        if (status) await line.send(status);
      } else {
        understanding = await this.decideAndAct(context, line, message);
      }
      await repos.messages.markHandled(messageId, Date.now(), understanding);
    } catch (error) {
      await repos.messages.release(messageId).catch((releaseError: unknown) => {
        this.deps.logger.warn({ err: releaseError, messageId }, 'could not release the claim of a failed turn');
      });
      throw error;
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** Renews the claim while the turn runs, so only a dead instance's claim ever expires. */
  private keepClaimed(messageId: number): NodeJS.Timeout {
    const renew = () => {
      this.deps.repos.messages.renew(messageId, Date.now() + this.claimLeaseMs).catch((error: unknown) => {
        this.deps.logger.warn({ err: error, messageId }, 'could not renew the claim of a running turn');
      });
    };
    const timer = setInterval(renew, Math.max(10, Math.floor(this.claimLeaseMs / 3)));
    timer.unref();
    return timer;
  }

  /** Understand → decide → carry out; returns the understanding to store with the message. */
  private async decideAndAct(context: TurnContext, line: CustomerLine, message: CustomerMessage): Promise<Understanding | undefined> {
    const { dialog, nlu, desk } = this.deps;
    const loaded = await this.deps.states.load(context.activity);
    const { state } = loaded;
    const text = await dialog.textToUnderstand(message, state);
    // A language the shop does not ship is not understood at all (the dialog says so), rather than misread by a model of another language.
    const understanding = text === undefined || message.unsupportedLanguage ? undefined : await nlu.understand(text, message.language);
    const decision = await dialog.decide(message, state, understanding);
    await line.send(...decision.replies);
    // Only now, with the answer delivered: a turn that failed before leaves nothing its retry would trip on.
    await applyEffects(this.deps.repos, decision.effects);
    if (decision.handoff) await desk.requestAgent(line, decision.handoff, context.activity.from.name);
    await this.deps.states.save(loaded, decision.state);
    return decision.understanding;
  }

  /**
   * Claims the activity's message: its id and stored language when this delivery runs the turn,
   * undefined when an earlier delivery completed it. Waits while another instance holds an
   * unexpired claim.
   */
  private async claim(message: IncomingMessage): Promise<{ messageId: number; language: string | null } | undefined> {
    const { messages } = this.deps.repos;
    let claim = await messages.claim(message, Date.now() + this.claimLeaseMs);
    while (claim.status === 'busy') {
      await sleep(Math.max(0, Math.min(CLAIM_POLL_MS, claim.claimUntil - Date.now())));
      const now = Date.now();
      claim = await messages.retake(claim.id, now, now + this.claimLeaseMs);
    }
    return claim.status === 'claimed' ? { messageId: claim.id, language: claim.language } : undefined;
  }
}

/**
 * The language a message is answered in: the one stored by its first delivery, so a redelivery
 * (after a failed turn) answers as the first would have, whatever the conversation did since.
 */
function firstChoice(chosen: LanguageChoice, stored: string | null): LanguageChoice {
  const language = storedLanguage(stored);
  return language === null || language === chosen.language ? chosen : { language, source: 'previous' };
}

/** How a customer message is stored: photos without text, a card submit, or text. */
function messageKindOf(activity: Activity, photos: number): MessageKind {
  if (activity.text) return 'text';
  if (photos > 0) return 'photo';
  return activity.value !== undefined ? 'card_action' : 'text';
}

/** Where a turn's replies go, in the language this turn answers in. */
function targetOf(row: DbConversationRow, language: Language): CustomerTarget {
  return {
    conversationId: row.id,
    customerId: row.customer_id,
    channelId: row.channel_id,
    channelConversationId: row.channel_conversation_id,
    language,
  };
}

/**
 * Greets once per conversation: when the customer joins (Web Chat, Emulator) or when the bot
 * is installed in a personal chat (Teams adds only the bot there).
 */
function shouldGreet(activity: Activity): boolean {
  const botId = activity.recipient.id;
  const added = activity.membersAdded ?? [];
  if (added.some((m) => m.id !== botId)) return true;
  return activity.conversation.conversationType === 'personal' && added.some((m) => m.id === botId);
}

/**
 * Card actions with invokes (Accept) belong to the agents' channel: refused here with an
 * error card response, like Teams expects; any other invoke is the sender's mistake (400).
 */
function refusedInvoke(activity: Activity): Partial<Activity> {
  const value =
    activity.name === 'adaptiveCard/action'
      ? {
          status: 200,
          body: {
            statusCode: 403,
            type: 'application/vnd.microsoft.error',
            value: { code: 'Forbidden', message: 'Card actions are only accepted in the agents channel' },
          },
        }
      : { status: 400, body: { error: `Unsupported invoke: ${activity.name ?? '(no name)'}` } };
  return { type: ActivityTypes.InvokeResponse, value };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
