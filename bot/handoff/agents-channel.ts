import { TurnContext, type AdaptiveCardInvokeResponse, type AdaptiveCardInvokeValue } from 'botbuilder';
import type { Knex } from 'knex';
import { z } from 'zod';
import { textReply } from '../../dialogs/reply';
import { isAgentChannel, registerAgentChannel } from '../../store/agent-channels';
import { upsertAgent } from '../../store/agents';
import { handoffByAgentConversation } from '../../store/handoffs';
import type { Logger } from '../logger';
import type { AgentActions, AgentIdentity } from './agent-actions';

const acceptDataSchema = z.object({ sb: z.literal('accept'), handoffId: z.coerce.number().int().positive() });

/** Teams' conversation types that belong to a team (the agents' space). */
export function isTeamChannel(context: TurnContext): boolean {
  return context.activity.channelId === 'msteams' && context.activity.conversation.conversationType === 'channel';
}

/**
 * Everything that happens in the agents' Teams channel: registering it when the bot is added
 * to a team, Accept presses on ticket cards, and agents' replies in a ticket's thread
 * (relayed to the customer, or the commands end, release, note).
 */
export class AgentsChannel {
  constructor(
    private readonly db: Knex,
    private readonly actions: AgentActions,
    private readonly logger: Logger,
  ) {}

  /** The bot was added to a team: that channel becomes the agents' queue. */
  async onMembersAdded(context: TurnContext): Promise<void> {
    const a = context.activity;
    const botAdded = (a.membersAdded ?? []).some((m) => m.id === a.recipient.id);
    const team = a.channelData?.team as { id?: string; name?: string } | undefined;
    if (!botAdded || !team?.id) return;
    const channelConversationId = a.conversation.id.split(';')[0];
    const reference = TurnContext.getConversationReference(a);
    await registerAgentChannel(this.db, {
      conversationId: channelConversationId,
      teamId: team.id,
      teamName: team.name,
      tenantId: a.conversation.tenantId ?? (a.channelData?.tenant as { id?: string } | undefined)?.id,
      reference: { ...reference, conversation: { ...reference.conversation, id: channelConversationId } },
      now: Date.now(),
    });
    this.logger.info({ team: team.name }, 'agents channel registered');
    await context.sendActivity(
      textReply(
        "Hello team! I'll post new support tickets in this channel. Press Accept on a ticket to take the chat, then reply in its thread.",
      ),
    );
  }

  /** Action.Execute "accept" on a ticket card. */
  async onCardInvoke(context: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const data = acceptDataSchema.safeParse(value.action?.data);
    if (value.action?.verb !== 'accept' || !data.success) {
      return {
        statusCode: 400,
        type: 'application/vnd.microsoft.error',
        value: { code: 'BadRequest', message: 'Unknown card action or malformed data' } as never,
      };
    }
    const agent = await this.agentOf(context);
    const result = await this.actions.accept(data.data.handoffId, agent);
    if (result.won && result.card) return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: result.card as never };
    return {
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: (result.won ? 'You have the ticket.' : `Sorry, this ticket was already taken by ${result.takenBy}.`) as never,
    };
  }

  /** A message in the agents' channel: an Accept fallback (Action.Submit) or a thread reply. */
  async onMessage(context: TurnContext): Promise<void> {
    const accept = acceptDataSchema.safeParse(context.activity.value);
    const agent = await this.agentOf(context);
    if (accept.success) {
      const result = await this.actions.accept(accept.data.handoffId, agent);
      await context.sendActivity(
        textReply(result.won ? `${agent.name} took the ticket.` : `Sorry, this ticket was already taken by ${result.takenBy}.`),
      );
      return;
    }
    const handoff = await handoffByAgentConversation(this.db, context.activity.conversation.id);
    if (!handoff) return; // channel chatter that is not about a ticket
    const text = TurnContext.removeRecipientMention(context.activity)?.trim() ?? '';
    const [command, ...rest] = text.split(/\s+/);
    try {
      switch (command.toLowerCase()) {
        case 'end':
          await this.actions.end(handoff.id, agent);
          await context.sendActivity(textReply('Chat ended and ticket resolved. The customer gets the satisfaction survey.'));
          return;
        case 'release':
          await this.actions.release(handoff.id, agent);
          await context.sendActivity(textReply('Released: the ticket is back in the queue.'));
          return;
        case 'note':
          await this.actions.note(handoff.id, agent, rest.join(' '));
          await context.sendActivity(textReply('Note saved (not sent to the customer).'));
          return;
        default:
          if (text) await this.actions.say(handoff.id, agent, text);
      }
    } catch (error) {
      await context.sendActivity(textReply(error instanceof Error ? error.message : 'That did not work.'));
    }
  }

  /** True for conversations in a registered agents' channel (or any Teams team channel). */
  async isAgentSpace(context: TurnContext): Promise<boolean> {
    // Agents' channels are registered from Teams only, so other channels need no lookup.
    return (
      isTeamChannel(context) ||
      (context.activity.channelId === 'msteams' && (await isAgentChannel(this.db, context.activity.conversation.id)))
    );
  }

  private async agentOf(context: TurnContext): Promise<AgentIdentity> {
    const from = context.activity.from;
    const agent = { id: from.aadObjectId ?? from.id, name: from.name ?? 'An agent' };
    await upsertAgent(this.db, { id: agent.id, name: agent.name, teamsUserId: from.id, source: 'team', now: Date.now() });
    return agent;
  }
}
