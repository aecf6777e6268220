import { CardFactory, type Activity } from 'botbuilder';
import { CARD_CHANNELS, cardReply } from '../../dialogs/reply';
import type { CardAction } from '../../dialogs/cards';
import type { CustomerLine } from '../turn/customer-outbox';
import type { Language } from '../../common/languages';
import { typedAnswersOf } from '../../dialogs/typed-answers';

const END: CardAction = { sb: 'handoff', op: 'end' };
const STAY: CardAction = { sb: 'handoff', op: 'stay' };

/**
 * True when the whole message asks to leave the chat, in the message's language or English
 * ("end chat", "Chat beenden", "结束对话"; dialogs/typed-answers/), case and punctuation
 * ignored; asked to confirm. Words inside sentences ("cancel my order please", "stop sending
 * emails") are for the agent.
 */
export function isLeaveRequest(text: string, language: Language): boolean {
  return typedAnswersOf(language).isLeaveRequest(text);
}

/** `reply` with an "End chat" button under it, on channels that render cards. */
export function withEndChatButton(line: Pick<CustomerLine, 'target' | 'messages'>, reply: Partial<Activity>): Partial<Activity> {
  if (!CARD_CHANNELS.has(line.target.channelId)) return reply;
  const title = line.messages.text('handoff.endChat');
  const card = { type: 'AdaptiveCard', version: '1.4', body: [], actions: [{ type: 'Action.Submit', title, data: END }] };
  return { ...reply, attachments: [CardFactory.adaptiveCard(card)] };
}

/** Asks the customer to confirm leaving the chat (or the queue). */
export function confirmEndChat(line: Pick<CustomerLine, 'target' | 'messages'>, waiting: boolean): Partial<Activity> {
  const { messages } = line;
  const question = messages.text(waiting ? 'handoff.confirmLeaveQueue' : 'handoff.confirmEndChat');
  const card = {
    type: 'AdaptiveCard',
    version: '1.4',
    body: [{ type: 'TextBlock', text: question, wrap: true }],
    actions: [
      { type: 'Action.Submit', title: messages.text(waiting ? 'handoff.leaveQueue' : 'handoff.endChat'), data: END },
      { type: 'Action.Submit', title: messages.text(waiting ? 'handoff.stayInQueue' : 'handoff.keepChatting'), data: STAY },
    ],
  };
  return cardReply(line.target.channelId, card, question);
}
