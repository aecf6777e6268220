import type { Activity } from 'botbuilder';
import type { Messages } from './messages';
import { textReply } from './reply';

/**
 * The answer to photos sent without a word: they are kept with the chat (agents see them on the
 * ticket), and the customer is asked what they show, since the bot cannot read an image.
 */
export function photoReceivedReply(count: number, messages: Messages): Partial<Activity> {
  const text = count === 1 ? messages.text('photos.receivedOne') : messages.text('photos.receivedMany', { count });
  return textReply(text, { suggestions: [messages.text('photos.damaged'), messages.text('topics.person')], expectingInput: true });
}
