import { describeNotice } from './email-follow-up';
import { TurnContext, type AdaptiveCardInvokeResponse, type AdaptiveCardInvokeValue, type Activity } from 'botbuilder';
import type { Knex } from 'knex';
import { z } from 'zod';
import { textReply } from '../../dialogs/reply';
import { activeAgentChannel, registerAgentChannel } from '../../store/agent-channels';
import { upsertAgent } from '../../store/agents';
import { InputError } from '../../store/errors';
import { handoffByAgentConversation, type DbHandoffRow } from '../../store/handoffs';
import { listActiveTickets } from '../../store/tickets';
import { statusOf } from '../http-errors';
import type { Logger } from '../logger';
import type { AgentActions, AgentIdentity } from './agent-actions';
import { AGENT_HELP, parseAgentCommand, SETTABLE_STATUSES, type AgentCommand } from './agent-commands';
import type { TeamRoster } from './agent-roster';
import type { TicketLifecycle } from './ticket-lifecycle';

const acceptDataSchema = z.object({ sb: z.literal('accept'), handoffId: z.coerce.number().int().positive() });

/** Where a turn belongs: the agents' team, another Teams team (ignored), or a customer. */
export type Space = 'agents' | 'other-team' | 'customers';

/** Told privately to someone who is not on the agents' team's roster. */
export const NOT_AN_AGENT =
  "Only members of the support agents' team can take tickets and write to customers. Nothing was sent to the customer.";
const NOT_THE_AGENTS_TEAM = "This team is not the support agents' team: tickets are taken in the agents' team.";
const QUEUE_SHOWN = 10;

/** Teams' conversation types that belong to a team. */
export function isTeamChannel(context: TurnContext): boolean {
  return context.activity.channelId === 'msteams' && context.activity.conversation.conversationType === 'channel';
}

function teamOf(activity: Activity): { id?: string; name?: string } | undefined {
  return activity.channelData?.team as { id?: string; name?: string } | undefined;
}

/** Dependencies of {@link AgentsChannel}. */
export interface AgentsChannelDeps {
  db: Knex;
  actions: AgentActions;
  roster: TeamRoster;
  /** Ticket status changes (`/status`), the same lifecycle as the agent tab and the admin routes. */
  tickets: Pick<TicketLifecycle, 'setStatus'>;
  logger: Logger;
  /** `AGENTS_TEAM_ID`, when the agents' team is pinned. */
  pinnedTeamId?: string;
}

/**
 * Everything that happens in the agents' Teams team: recording the teams the bot is installed
 * in, Accept presses on ticket cards, and agents' messages in a ticket's thread (relayed to
 * the customer as written, or `/` commands). Only members of the agents' team count.
 */
export class AgentsChannel {
  constructor(private readonly deps: AgentsChannelDeps) {}

  /** The agents' team's channels, any other team's (ignored), or a customer conversation. */
  async spaceOf(context: TurnContext): Promise<Space> {
    if (!isTeamChannel(context)) return 'customers';
    const queue = await activeAgentChannel(this.deps.db);
    const teamId = teamOf(context.activity)?.id ?? context.activity.conversation.id.split(';')[0];
    return queue?.team_id && queue.team_id === teamId ? 'agents' : 'other-team';
  }

  /** The bot was added to a team: recorded; it becomes the queue only as {@link registerAgentChannel} says. */
  async onMembersAdded(context: TurnContext): Promise<void> {
    const a = context.activity;
    const botAdded = (a.membersAdded ?? []).some((m) => m.id === a.recipient.id);
    const team = teamOf(a);
    if (!botAdded || !team?.id) return;
    const channelConversationId = a.conversation.id.split(';')[0];
    const reference = TurnContext.getConversationReference(a);
    const active = await registerAgentChannel(this.deps.db, {
      conversationId: channelConversationId,
      teamId: team.id,
      teamName: team.name,
      tenantId: a.conversation.tenantId ?? (a.channelData?.tenant as { id?: string } | undefined)?.id,
      reference: { ...reference, conversation: { ...reference.conversation, id: channelConversationId } },
      now: Date.now(),
      pinnedTeamId: this.deps.pinnedTeamId,
    });
    this.deps.logger.info({ team: team.name, teamId: team.id, active }, active ? 'agents channel registered' : 'installed in another team');
    if (!active) return;
    await context.sendActivity(
      textReply(
        "Hello team! I'll post new support tickets in this channel. Press Accept on a ticket to take the chat, then reply in its thread; type /help there for the commands.",
      ),
    );
  }

  /** Action.Execute "accept" on a ticket card; `inAgentsTeam` false refuses it (another team's card). */
  async onCardInvoke(context: TurnContext, value: AdaptiveCardInvokeValue, inAgentsTeam: boolean): Promise<AdaptiveCardInvokeResponse> {
    const data = acceptDataSchema.safeParse(value.action?.data);
    if (value.action?.verb !== 'accept' || !data.success) return errorResponse(400, 'BadRequest', 'Unknown card action or malformed data');
    if (!inAgentsTeam) return errorResponse(403, 'Forbidden', NOT_THE_AGENTS_TEAM);
    const agent = await this.memberOf(context);
    if (!agent) return errorResponse(403, 'Forbidden', NOT_AN_AGENT);
    const result = await this.deps.actions.accept(data.data.handoffId, agent);
    if (result.won && result.card) return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: result.card as never };
    return {
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: (result.won ? 'You have the ticket.' : `Sorry, this ticket was already taken by ${result.takenBy}.`) as never,
    };
  }

  /** A message in the agents' team: an Accept fallback (Action.Submit), a thread reply, or `@bot queue`. */
  async onMessage(context: TurnContext): Promise<void> {
    const a = context.activity;
    const text = (TurnContext.removeRecipientMention(a) ?? a.text ?? '').trim();
    const accept = acceptDataSchema.safeParse(a.value);
    const handoff = accept.success ? undefined : await handoffByAgentConversation(this.deps.db, a.conversation.id);
    if (!accept.success && !handoff) return this.onChannelMessage(context, text);
    const agent = await this.memberOf(context);
    if (!agent) {
      await context.sendActivity(textReply(NOT_AN_AGENT));
      return;
    }
    try {
      if (accept.success) {
        const result = await this.deps.actions.accept(accept.data.handoffId, agent);
        await context.sendActivity(
          textReply(result.won ? `${agent.name} took the ticket.` : `Sorry, this ticket was already taken by ${result.takenBy}.`),
        );
        return;
      }
      const command = parseAgentCommand(text);
      if (command) await context.sendActivity(textReply(await this.run(command, handoff as DbHandoffRow, agent)));
      else if (text) {
        const notice = await this.deps.actions.say((handoff as DbHandoffRow).id, agent, text);
        if (notice) await context.sendActivity(textReply(describeNotice(notice)));
      }
    } catch (error) {
      if (statusOf(error) >= 500) throw error;
      await context.sendActivity(textReply((error as Error).message));
    }
  }

  /** Outside a ticket's thread only an @mention is answered (`queue`, else help); the rest is chatter, ignored. */
  private async onChannelMessage(context: TurnContext, text: string): Promise<void> {
    const a = context.activity;
    const mentioned = (a.entities ?? []).some((e) => e.type === 'mention' && (e.mentioned as { id?: string })?.id === a.recipient.id);
    if (!mentioned) return;
    if (!(await this.memberOf(context))) {
      await context.sendActivity(textReply(NOT_AN_AGENT));
      return;
    }
    const word = text.replace(/^\//, '').toLowerCase();
    await context.sendActivity(textReply(word === 'queue' ? await this.queueText() : AGENT_HELP));
  }

  private async run(command: AgentCommand, handoff: DbHandoffRow, agent: AgentIdentity): Promise<string> {
    const { actions } = this.deps;
    switch (command.name) {
      case 'end':
        await actions.end(handoff.id, agent);
        return 'Chat ended and ticket resolved. The customer gets the satisfaction survey.';
      case 'release':
        await actions.release(handoff.id, agent);
        return 'Released: the ticket is back in the queue.';
      case 'note':
        if (!command.text) return 'Write the note after the command: /note <text>';
        await actions.note(handoff.id, agent, command.text);
        return 'Note saved (not sent to the customer).';
      case 'status':
        if (!command.status) return `Ticket #${handoff.ticket_id}: ${await actions.ticketStatus(handoff.ticket_id)}.`;
        return `Ticket #${handoff.ticket_id} is now ${(await this.deps.tickets.setStatus(handoff.ticket_id, settableStatus(command.status), agent)).status}.`;
      case 'help':
        return AGENT_HELP;
      case 'unknown':
        return `Unknown command /${command.word}. Nothing was sent to the customer.\n\n${AGENT_HELP}`;
    }
  }

  private async queueText(): Promise<string> {
    const waiting = (await listActiveTickets(this.deps.db)).filter((t) => t.status === 'open');
    if (waiting.length === 0) return 'No tickets are waiting for an agent.';
    const lines = waiting.slice(0, QUEUE_SHOWN).map((t) => `- #${t.id} (${t.priority}): ${t.subject}`);
    const more = waiting.length > QUEUE_SHOWN ? `\n…and ${waiting.length - QUEUE_SHOWN} more in the agent tab.` : '';
    return `${waiting.length} waiting for an agent:\n${lines.join('\n')}${more}`;
  }

  /** The sender as an agent when they are on the agents' team's roster (stored then), else undefined. */
  private async memberOf(context: TurnContext): Promise<AgentIdentity | undefined> {
    const from = context.activity.from;
    const teamId = teamOf(context.activity)?.id ?? context.activity.conversation.id.split(';')[0];
    if (!(await this.deps.roster.isMember(context, teamId, from.id))) return undefined;
    const agent = { id: from.aadObjectId ?? from.id, name: from.name ?? 'An agent' };
    await upsertAgent(this.deps.db, { id: agent.id, name: agent.name, teamsUserId: from.id, source: 'team', now: Date.now() });
    return agent;
  }
}

function errorResponse(statusCode: number, code: string, message: string): AdaptiveCardInvokeResponse {
  return { statusCode, type: 'application/vnd.microsoft.error', value: { code, message } as never };
}

/** The status an agent's `/status <to>` names; a clear error for anything else. */
function settableStatus(to: string): (typeof SETTABLE_STATUSES)[number] {
  const status = SETTABLE_STATUSES.find((s) => s === to.toLowerCase());
  if (!status) throw new InputError(`Unknown status "${to}": use one of ${SETTABLE_STATUSES.join(', ')}`);
  return status;
}
