import type { Activity, ConversationReference, TurnContext } from 'botbuilder';
import { loadReference } from '../../store/conversation-references';
import type { Knex } from 'knex';
import type { Language } from '../../common/languages';
import { messagesFor, type Messages } from '../../dialogs/messages';
import type { MessageRepository } from '../../store/repositories';
import type { MessageRole } from '../../store/tables';
import type { ProactiveMessenger } from '../proactive';
import { referenceKeyOf } from './activity-keys';

/** The customer conversation a message goes to. */
export interface CustomerTarget {
  conversationId: string;
  customerId: string;
  channelId: string;
  channelConversationId: string;
  /** The language the customer is spoken to in. */
  language: Language;
}

/**
 * Speaking to a customer within a turn: what is sent is stored once the channel accepted it,
 * as written by `role` (the bot, or an agent through the bot).
 */
export interface CustomerLine {
  readonly target: CustomerTarget;
  /** The turn's context (Bot Framework events such as handoff status need it). */
  readonly context: TurnContext;
  /** The bot's messages in the target's language. */
  readonly messages: Messages;
  send(...activities: Array<Partial<Activity>>): Promise<void>;
}

/**
 * Sends to customers and stores what was sent: in the customer's own turn and proactively
 * (agent replies, handoff notices, timeouts), through one path.
 */
export class CustomerOutbox {
  constructor(
    private readonly db: Knex,
    private readonly messages: MessageRepository,
    private readonly messenger: ProactiveMessenger,
  ) {}

  /** The line to the customer of the current turn. */
  line(context: TurnContext, target: CustomerTarget, role: Exclude<MessageRole, 'customer'> = 'bot'): CustomerLine {
    return {
      target,
      context,
      messages: messagesFor(target.language),
      // One at a time, each stored as soon as the channel accepted it: when a later one fails,
      // the transcript still holds what the customer saw.
      send: async (...activities) => {
        for (const sent of activities) {
          const response = await context.sendActivity(sent);
          if (sent.type !== 'message') continue;
          const card = (sent.attachments ?? []).length > 0;
          await this.messages.storeOutgoing({
            conversationId: target.conversationId,
            channelId: target.channelId,
            role,
            kind: card ? 'card' : 'text',
            text: sent.text ?? sent.speak ?? null,
            activityId: response?.id ?? null,
            now: Date.now(),
          });
        }
      },
    };
  }

  /** Runs `logic` in a proactive turn on the customer's conversation. */
  async proactive(
    target: CustomerTarget,
    role: Exclude<MessageRole, 'customer'>,
    logic: (line: CustomerLine) => Promise<void>,
  ): Promise<void> {
    const reference = await loadReference<Partial<ConversationReference>>(this.db, referenceKeyOf(target));
    if (!reference) throw new Error(`no conversation reference for conversation ${target.conversationId}`);
    await this.messenger.continue(reference, (context) => logic(this.line(context, target, role)));
  }
}
