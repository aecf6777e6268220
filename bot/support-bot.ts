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
 * The turn logic of both adapters: asks once where the conversation belongs and hands the
 * turn to the agents' team, to another team's handler (which only records the install), or to
 * the customer turn pipeline.
 */
export class SupportBot {
  private readonly agentsTeam: TeamBot;
  private readonly otherTeam: TeamBot;

  constructor(
    private readonly agents: AgentsChannel,
    private readonly customers: CustomerTurns,
  ) {
    this.agentsTeam = new TeamBot(agents, true);
    this.otherTeam = new TeamBot(agents, false);
  }

  async run(context: TurnContext): Promise<void> {
    switch (await this.agents.spaceOf(context)) {
      case 'agents':
        return this.agentsTeam.run(context);
      case 'other-team':
        return this.otherTeam.run(context);
      case 'customers':
        return this.customers.run(context);
    }
  }
}

/**
 * Activities in a Teams team: the bot joining it, and, in the agents' team only, thread
 * replies and Accept presses. Another team's messages are ignored (nothing answered or stored).
 */
class TeamBot extends ActivityHandler {
  constructor(
    private readonly agents: AgentsChannel,
    private readonly inAgentsTeam: boolean,
  ) {
    super();
    this.onMembersAdded(async (context, next) => {
      await agents.onMembersAdded(context);
      await next();
    });
    if (inAgentsTeam) {
      this.onMessage(async (context, next) => {
        await agents.onMessage(context);
        await next();
      });
    }
  }

  /** An invoke this bot does not handle is the sender's mistake: 400 with a message, not botbuilder's 501. */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    const response = await super.onInvokeActivity(context);
    if (response.status !== 501) return response;
    return { status: 400, body: { error: `Unsupported invoke: ${context.activity.name ?? '(no name)'}` } };
  }

  protected override async onAdaptiveCardInvoke(context: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    try {
      return await this.agents.onCardInvoke(context, value, this.inAgentsTeam);
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
