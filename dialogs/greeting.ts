import type { Activity } from 'botbuilder';
import { textReply } from './reply';

/** The quick reply that asks for a person (the dialog hands off on it without the NLU). */
export const TALK_TO_PERSON = 'Talk to a person';

/** Topics offered as quick replies in the greeting. */
export const TOP_TOPICS = ['Track my order', 'Return an item', 'Refund status', TALK_TO_PERSON];

const GREETING =
  "Hi! I'm the Pebble & Pine assistant. I can help with orders, deliveries, returns, refunds, payments and your account. What can I do for you?";

/** The greeting with the top topics as quick replies. */
export function greetingReply(): Partial<Activity> {
  return textReply(GREETING, { suggestions: TOP_TOPICS });
}

/** The answer to "help": what the bot does, and where support agents work. */
export function helpReply(): Partial<Activity> {
  return textReply(
    'I can help with orders, deliveries, returns, refunds, payments and your account: ask in your own words, pick a topic, or ask for a person. ' +
      "(Support agents: tickets are taken in your team's channel; type /help in a ticket's thread.)",
    { suggestions: TOP_TOPICS },
  );
}
