import { ActivityHandler, type TurnContext } from 'botbuilder';
import { textReply } from '../dialogs/reply';

/** Topics offered as quick replies in the greeting. */
export const TOP_TOPICS = ['Track my order', 'Return an item', 'Refund status', 'Talk to a person'];

const GREETING =
  "Hi! I'm the Pebble & Pine assistant. I can help with orders, deliveries, returns, refunds, payments and your account. What can I do for you?";

/** Routes activities by type; conversation logic lives in `dialogs/`. */
export class SupportBot extends ActivityHandler {
  constructor() {
    super();
    this.onMembersAdded(async (context, next) => {
      if (shouldGreet(context)) await context.sendActivity(textReply(GREETING, { suggestions: TOP_TOPICS }));
      await next();
    });
    this.onMessage(async (context, next) => {
      const text = (context.activity.text ?? '').trim().toLowerCase();
      if (/^(hi|hello|hey)\b/.test(text)) {
        await context.sendActivity(textReply(GREETING, { suggestions: TOP_TOPICS }));
      } else {
        await context.sendActivity(
          textReply("I'm sorry, I can't answer that yet. A person from our team will be able to help soon."),
        );
      }
      await next();
    });
  }
}

/**
 * Greets once per conversation: when the customer joins (Web Chat, Emulator) or when the bot
 * is installed in a personal chat (Teams adds only the bot there).
 */
function shouldGreet(context: TurnContext): boolean {
  const botId = context.activity.recipient.id;
  const added = context.activity.membersAdded ?? [];
  if (added.some((m) => m.id !== botId)) return true;
  return context.activity.conversation.conversationType === 'personal' && added.some((m) => m.id === botId);
}
