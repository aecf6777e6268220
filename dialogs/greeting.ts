import type { Activity } from 'botbuilder';
import type { Messages } from './messages';
import { textReply } from './reply';

/** Topics offered as quick replies: the greeting's, and after an answer; the last one asks for a person. */
export function topTopics(messages: Messages): string[] {
  return [
    messages.text('topics.trackOrder'),
    messages.text('topics.returnItem'),
    messages.text('topics.refundStatus'),
    messages.text('topics.person'),
  ];
}

/** The greeting with the top topics as quick replies. */
export function greetingReply(messages: Messages): Partial<Activity> {
  return textReply(messages.text('greeting.welcome'), { suggestions: topTopics(messages) });
}

/** The answer to "help": what the bot does, and where support agents work. */
export function helpReply(messages: Messages): Partial<Activity> {
  return textReply(messages.text('greeting.help'), { suggestions: topTopics(messages) });
}
