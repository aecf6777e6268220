import { CardFactory, type Activity } from 'botbuilder';
import { CARD_CHANNELS, cardReply } from '../../dialogs/reply';
import type { CardAction } from '../../dialogs/cards';

const END: CardAction = { sb: 'handoff', op: 'end' };
const STAY: CardAction = { sb: 'handoff', op: 'stay' };

/**
 * What a customer types to leave a chat with our team, asked to confirm: only these whole
 * messages. Words inside sentences ("cancel my order please", "stop sending emails") are
 * for the agent.
 */
const LEAVE_REQUEST = /^(end|quit|exit|leave|(end|leave|exit|close) (the )?(chat|queue))$/;

/** True when the whole message asks to leave the chat (case and end punctuation ignored). */
export function isLeaveRequest(text: string): boolean {
  return LEAVE_REQUEST.test(
    text
      .trim()
      .toLowerCase()
      .replace(/[.!?]+$/, ''),
  );
}

/** `reply` with an "End chat" button under it, on channels that render cards. */
export function withEndChatButton(channelId: string, reply: Partial<Activity>): Partial<Activity> {
  if (!CARD_CHANNELS.has(channelId)) return reply;
  const card = { type: 'AdaptiveCard', version: '1.4', body: [], actions: [{ type: 'Action.Submit', title: 'End chat', data: END }] };
  return { ...reply, attachments: [CardFactory.adaptiveCard(card)] };
}

/** Asks the customer to confirm leaving the chat (or the queue). */
export function confirmEndChat(channelId: string, waiting: boolean): Partial<Activity> {
  const question = waiting ? 'Do you want to leave the queue?' : 'Do you want to end the chat with our team?';
  const card = {
    type: 'AdaptiveCard',
    version: '1.4',
    body: [{ type: 'TextBlock', text: question, wrap: true }],
    actions: [
      { type: 'Action.Submit', title: waiting ? 'Leave the queue' : 'End chat', data: END },
      { type: 'Action.Submit', title: waiting ? 'Stay in the queue' : 'Keep chatting', data: STAY },
    ],
  };
  return cardReply(channelId, card, question);
}
