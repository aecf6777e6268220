import {
  ActivityHandler,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import type { AgentsChannel } from './handoff/agents-channel';
import { statusOf } from './http-errors';
import type { CustomerTurns } from './turn/customer-turns';

/**
 * The turn logic of both adapters: asks once whether the conversation is the agents' Teams
 * channel and hands the turn to the agents' side or to the customer turn pipeline.
 */
export class SupportBot {
  private readonly agentsSide: AgentsBot;

  constructor(
    private readonly agents: AgentsChannel,
    private readonly customers: CustomerTurns,
  ) {
    this.agentsSide = new AgentsBot(agents);
  }

  async run(context: TurnContext): Promise<void> {
    if (await this.agents.isAgentSpace(context)) return this.agentsSide.run(context);
    return this.customers.run(context);
  }
}

/** Activities in the agents' channel: the bot joining the team, thread replies, Accept presses. */
class AgentsBot extends ActivityHandler {
  constructor(private readonly agents: AgentsChannel) {
    super();
    this.onMembersAdded(async (context, next) => {
      await agents.onMembersAdded(context);
      await next();
    });
    this.onMessage(async (context, next) => {
      await agents.onMessage(context);
      await next();
    });
  }

  /** An invoke this bot does not handle is the sender's mistake: 400 with a message, not botbuilder's 501. */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    const response = await super.onInvokeActivity(context);
    if (response.status !== 501) return response;
    return { status: 400, body: { error: `Unsupported invoke: ${context.activity.name ?? '(no name)'}` } };
  }

  protected override async onAdaptiveCardInvoke(context: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
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
