import type { Activity } from 'botbuilder';
import type { Language } from '../common/languages';
import type { CardAction } from './cards';
import type { DialogEffect } from './effects';
import { messagesFor, type Messages } from './messages';
import type { AgentRequest, Understanding, VerifiedCustomer } from './ports';
import type { SupportState } from './state';

/** One customer message as the dialogs see it: who, where, what was typed or pressed. */
export interface CustomerMessage {
  channelId: string;
  conversationId: string;
  customerId: string;
  /** The typed text, trimmed ('' for a card submit). */
  text: string;
  /** The card button pressed, when the message is a card submit. */
  action?: CardAction;
  /** Idempotency key of the triggering activity (a redelivery opens no second ticket). */
  sourceKey: string | null;
  /** The stored message's id (review items and suggested examples point at it). */
  messageId: number;
  /** True when the conversation already has its first intent. */
  hasFirstIntent: boolean;
  /** Who the channel vouches the customer is; asked only when needed (Teams asks the connector). */
  verifiedCustomer?: () => Promise<VerifiedCustomer | undefined>;
  /** The client's IP where the bot sees it (the widget), for the per-IP limit of order lookups. */
  clientIp?: string;
  /** The stored ids of the photos sent with the message. */
  photoIds?: number[];
  /** Attachments that were only links (a picture pasted in Teams): not fetched, so not seen. */
  photoLinks?: number;
  /** The language the message is answered in (chosen by the turn pipeline, bot/turn/message-language.ts). */
  language: Language;
  /** A language the customer wrote in that the shop does not ship (answered in English, with a note). */
  unsupportedLanguage?: string;
}

/**
 * What the bot does about one message: the replies in order, the dialog state to keep, the
 * changes to stored data (applied after the replies were sent), the understanding to store
 * with the message, and whether to open a ticket and hand off.
 */
export interface Decision {
  replies: Array<Partial<Activity>>;
  effects: DialogEffect[];
  state: SupportState;
  understanding?: Understanding;
  handoff?: AgentRequest;
}

/** The decision being built during one turn; dialogs add to it, the pipeline carries it out. */
export class DecisionBuilder {
  readonly replies: Array<Partial<Activity>> = [];
  readonly effects: DialogEffect[] = [];
  understanding?: Understanding;
  handoff?: AgentRequest;
  /** The bot's messages in the language of {@link message}. */
  readonly messages: Messages;

  constructor(
    readonly message: CustomerMessage,
    readonly state: SupportState,
  ) {
    this.messages = messagesFor(message.language);
  }

  /** Adds replies, sent in order. */
  say(...replies: Array<Partial<Activity>>): void {
    this.replies.push(...replies);
  }

  /** Adds changes to stored data, applied in order after the replies were sent. */
  change(...effects: DialogEffect[]): void {
    this.effects.push(...effects);
  }

  /** Adds replies and the effects that go with them. */
  add(part: { replies: Array<Partial<Activity>>; effects: DialogEffect[] }): void {
    this.say(...part.replies);
    this.change(...part.effects);
  }

  /** The finished decision. */
  build(): Decision {
    return { replies: this.replies, effects: this.effects, state: this.state, understanding: this.understanding, handoff: this.handoff };
  }
}
