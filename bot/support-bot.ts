import {
  ActivityHandler,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type BotState,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import type { CustomerDialog } from '../dialogs/customer-dialog';
import { greetingReply } from '../dialogs/greeting';
import type { AgentsChannel } from './handoff/agents-channel';
import { statusOf } from './http-errors';

/**
 * Routes activities by type and by space: the agents' Teams channel goes to
 * {@link AgentsChannel}, everything else is a customer conversation for {@link CustomerDialog}.
 */
export class SupportBot extends ActivityHandler {
  constructor(
    customer: CustomerDialog,
    private readonly agents: AgentsChannel,
    private readonly conversationState: BotState,
  ) {
    super();
    this.onMembersAdded(async (context, next) => {
      if (await agents.isAgentSpace(context)) await agents.onMembersAdded(context);
      else if (shouldGreet(context)) await context.sendActivity(greetingReply());
      await next();
    });
    this.onMessage(async (context, next) => {
      if (await agents.isAgentSpace(context)) await agents.onMessage(context);
      else await customer.onMessage(context);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.conversationState.saveChanges(context, false);
  }

  /** An invoke this bot does not handle is the sender's mistake: 400 with a message, not botbuilder's 501. */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    const response = await super.onInvokeActivity(context);
    if (response.status !== 501) return response;
    return { status: 400, body: { error: `Unsupported invoke: ${context.activity.name ?? '(no name)'}` } };
  }

  protected override async onAdaptiveCardInvoke(context: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    // Ticket cards live only in the agents' channel: an Accept from anywhere else is refused.
    if (!(await this.agents.isAgentSpace(context))) {
      return {
        statusCode: 403,
        type: 'application/vnd.microsoft.error',
        value: { code: 'Forbidden', message: 'Card actions are only accepted in the agents channel' } as never,
      };
    }
    try {
      return await this.agents.onCardInvoke(context, value);
    } catch (error) {
      // An unknown handoff id is the sender's mistake: an error card response, not a failed turn (501).
      const status = statusOf(error);
      if (status >= 500) throw error;
      return {
        statusCode: status,
        type: 'application/vnd.microsoft.error',
        value: { code: 'BadRequest', message: (error as Error).message } as never,
      };
    }
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
