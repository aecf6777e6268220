import { EventFactory, type ChannelAccount, type TurnContext } from 'botbuilder';
import type { Knex } from 'knex';
import { textReply } from '../../dialogs/reply';
import { getAgent } from '../../store/agents';
import { endConversation } from '../../store/conversations';
import { ConflictError, NotFoundError } from '../../store/errors';
import { markConversation } from '../../store/conversations';
import {
  CLAIMABLE_HANDOFF,
  claimHandoff,
  createHandoff,
  handoffOfTicket,
  markHandoffFirstReply,
  moveHandoff,
  reassignHandoff,
  type DbHandoffRow,
} from '../../store/handoffs';
import { addTicketEvent, getTicket, markFirstAgentReply, transitionTicket, type TicketStatus } from '../../store/tickets';
import { withEndChatButton } from './end-chat';
import type { Logger } from '../logger';
import type { TeamsAgentDesk } from './agent-desk';
import type { EmailFollowUp, EmailNotice } from './email-follow-up';

/** An agent acting on a ticket. */
export interface AgentIdentity {
  id: string;
  name: string;
  /**
   * Stores the agent, when that has not happened yet (the agent tab): called only once an
   * accept is about to claim an existing handoff, so refused calls register nobody.
   */
  register?: () => Promise<void>;
}

/** Result of {@link AgentActions.accept}. */
export interface AcceptResult {
  won: boolean;
  takenBy: string;
  card?: object;
}

/**
 * What agents do with a handoff, from Teams or from the agent tab: accept (first one wins),
 * write to the customer, add internal notes, release back to the queue, end.
 */
export class AgentActions {
  constructor(
    private readonly db: Knex,
    private readonly desk: TeamsAgentDesk,
    private readonly logger: Logger,
    private readonly followUp: EmailFollowUp,
  ) {}

  /**
   * Accepts a waiting handoff; exactly one of concurrent callers wins (conditional update). The
   * handoff of a ticket the customer left (abandoned) or that was reopened after its chat ended
   * is over: accepting it accepts the ticket ({@link acceptTicket}).
   */
  async accept(handoffId: number, agent: AgentIdentity): Promise<AcceptResult> {
    const handoff = await this.get(handoffId);
    if (handoff.status === 'abandoned' || handoff.status === 'ended') return this.acceptTicket(handoff.ticket_id, agent);
    const now = Date.now();
    await agent.register?.();
    if (!(await claimHandoff(this.db, handoffId, agent.id, now))) {
      const current = await this.get(handoffId);
      const holder = current.agent_id ? await this.nameOf(current.agent_id) : undefined;
      return { won: false, takenBy: holder ?? `nobody (ticket is ${current.status})` };
    }
    await transitionTicket(this.db, handoff.ticket_id, ['open'], 'assigned', {
      actor: agent.id,
      now,
      assigneeId: agent.id,
      event: 'assigned',
      data: { agent: agent.name },
    });
    await this.desk.cancelTimeout(handoffId);
    const card = await this.desk.refreshCard(handoffId, { takenBy: agent.name });
    await this.desk
      .toCustomer(handoff, 'bot', (line) =>
        line.send(
          withEndChatButton(line, textReply(line.messages.text('handoff.agentJoined', { agent: agent.name }))),
          EventFactory.createHandoffStatus(line.context.activity.conversation, 'accepted'),
        ),
      )
      .catch((error: unknown) => this.logger.warn({ err: error, handoffId }, 'could not tell the customer the agent joined'));
    return { won: true, takenBy: agent.name, card };
  }

  /**
   * Accepts a ticket: its waiting handoff as {@link accept} does, or, when it has none (the
   * customer left the queue, or the ticket was reopened), a new handoff on the customer's latest
   * conversation, assigned at once. The ticket's own conditional move to `assigned` picks the one
   * winner of concurrent accepts.
   */
  async acceptTicket(ticketId: number, agent: AgentIdentity): Promise<AcceptResult> {
    const latest = await handoffOfTicket(this.db, ticketId);
    if (latest && CLAIMABLE_HANDOFF.includes(latest.status)) return this.accept(latest.id, agent);
    const ticket = await getTicket(this.db, ticketId);
    const now = Date.now();
    await agent.register?.();
    try {
      await transitionTicket(this.db, ticketId, ['open', 'waiting'], 'assigned', {
        actor: agent.id,
        now,
        assigneeId: agent.id,
        event: 'assigned',
        data: { agent: agent.name },
      });
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      const current = await getTicket(this.db, ticketId);
      const holder = current.status === 'assigned' && current.assignee_id ? await this.nameOf(current.assignee_id) : undefined;
      return { won: false, takenBy: holder ?? `nobody (ticket is ${current.status})` };
    }
    const chat = await this.db('conversations').where({ customer_id: ticket.customer_id }).orderBy('started_at', 'desc').first('id');
    const handoff = await createHandoff(this.db, { ticketId, conversationId: chat?.id ?? ticket.conversation_id, now });
    await claimHandoff(this.db, handoff.id, agent.id, now);
    await markConversation(this.db, handoff.conversation_id, { handed_off: true });
    await this.desk
      .toCustomer(handoff, 'bot', (line) =>
        line.send(textReply(line.messages.text('handoff.agentPickedUp', { agent: agent.name, ticket: ticketId }))),
      )
      .catch((error: unknown) => this.logger.warn({ err: error, ticketId }, 'could not tell the customer the agent joined'));
    return { won: true, takenBy: agent.name };
  }

  /**
   * Relays an agent's message to the customer (stored with role agent). When the customer is
   * away and gave an address, the reply also goes to the email outbox: the notice says so.
   */
  async say(handoffId: number, agent: AgentIdentity, text: string): Promise<EmailNotice | undefined> {
    const handoff = await this.assignedTo(handoffId, agent);
    const now = Date.now();
    let customerId = '';
    await this.desk.toCustomer(handoff, 'agent', (line) => {
      customerId = line.target.customerId;
      speakAs(line.context, agent.name);
      return line.send(textReply(text));
    });
    await markHandoffFirstReply(this.db, handoffId, now);
    await markFirstAgentReply(this.db, handoff.ticket_id, now);
    return this.followUp.afterAgentReply(handoff, customerId, agent.name, text);
  }

  /** Adds an internal note to the ticket; it never reaches the customer. */
  async note(handoffId: number, agent: AgentIdentity, text: string): Promise<void> {
    const handoff = await this.get(handoffId);
    await addTicketEvent(this.db, handoff.ticket_id, 'note', agent.id, { text }, Date.now());
  }

  /** Puts an assigned handoff back in the queue. */
  async release(handoffId: number, agent: AgentIdentity): Promise<void> {
    const handoff = await this.assignedTo(handoffId, agent);
    const now = Date.now();
    await moveHandoff(this.db, handoffId, ['assigned'], 'waiting', now);
    await transitionTicket(this.db, handoff.ticket_id, ['assigned'], 'open', { actor: agent.id, now, event: 'released' });
    await this.desk.refreshCard(handoffId, {});
    await this.desk.toCustomer(handoff, 'bot', (line) => line.send(textReply(line.messages.text('handoff.backInQueue'))));
  }

  /** Ends the handoff: resolves the ticket, ends the conversation, surveys the customer. */
  async end(handoffId: number, agent: AgentIdentity): Promise<void> {
    const handoff = await this.assignedTo(handoffId, agent);
    const now = Date.now();
    if (!(await moveHandoff(this.db, handoffId, ['assigned'], 'ended', now, 'completed')))
      throw new ConflictError('This chat has already ended');
    await transitionTicket(this.db, handoff.ticket_id, ['assigned'], 'resolved', { actor: agent.id, now, event: 'resolved' });
    await this.desk.refreshCard(handoffId, { outcome: `Resolved by ${agent.name}` });
    await this.desk.toCustomer(handoff, 'bot', async (line) => {
      await line.send(
        textReply(line.messages.text('handoff.agentEnded', { agent: agent.name })),
        EventFactory.createHandoffStatus(line.context.activity.conversation, 'completed'),
      );
      await this.desk.sendSurvey(line);
    });
    await endConversation(this.db, handoff.conversation_id, 'agent', now);
  }

  /** A ticket's status and assignee, as `/status` shows it. */
  async ticketStatus(ticketId: number): Promise<string> {
    const ticket = await getTicket(this.db, ticketId);
    if (!ticket.assignee_id) return ticket.status;
    const assignee = (await getAgent(this.db, ticket.assignee_id))?.name ?? ticket.assignee_id;
    return `${ticket.status} (${assignee})`;
  }

  /**
   * Gives a ticket to `agent` (an admin's reassignment): a waiting chat is accepted for them, a
   * live one changes hands (the customer is told), a ticket without a live chat is assigned.
   */
  async assign(ticketId: number, agent: AgentIdentity, actor: string): Promise<void> {
    const ticket = await getTicket(this.db, ticketId);
    const handoff = await handoffOfTicket(this.db, ticketId);
    if (handoff && (handoff.status === 'waiting' || handoff.status === 'timed_out')) {
      const result = await this.accept(handoff.id, agent);
      if (!result.won) throw new ConflictError(`Ticket ${ticketId} was just taken by ${result.takenBy}`);
      return;
    }
    const now = Date.now();
    const from: TicketStatus[] = ticket.status === 'assigned' ? ['assigned'] : ['open'];
    await transitionTicket(this.db, ticketId, from, 'assigned', {
      actor,
      now,
      assigneeId: agent.id,
      event: ticket.status === 'assigned' ? 'reassigned' : 'assigned',
      data: { agent: agent.name },
    });
    if (handoff?.status !== 'assigned' || !(await reassignHandoff(this.db, handoff.id, agent.id))) return;
    await this.desk.refreshCard(handoff.id, { takenBy: agent.name });
    await this.desk.toAgentThread(handoff, `An admin gave this ticket to ${agent.name}.`);
    await this.desk.toCustomer(handoff, 'bot', (line) =>
      line.send(textReply(line.messages.text('handoff.agentTookOver', { agent: agent.name }))),
    );
  }

  /** The handoff timer fired: if nobody accepted, tell the customer the ticket stays open. */
  async timeout(handoffId: number): Promise<void> {
    const handoff = await this.db<DbHandoffRow>('handoffs').where({ id: handoffId }).first();
    if (!handoff || !(await moveHandoff(this.db, handoffId, ['waiting'], 'timed_out', Date.now()))) return;
    await addTicketEvent(this.db, handoff.ticket_id, 'agent_timeout', 'bot', null, Date.now());
    await this.desk.toCustomer(handoff, 'bot', async (line) => {
      await line.send(
        textReply(line.messages.text('handoff.noAgentFree', { ticket: handoff.ticket_id })),
        EventFactory.createHandoffStatus(line.context.activity.conversation, 'failed', 'No agent available'),
      );
      await this.followUp.offer(line, handoff.ticket_id);
    });
  }

  private async nameOf(agentId: string): Promise<string> {
    return (await getAgent(this.db, agentId))?.name ?? agentId;
  }

  private async get(handoffId: number): Promise<DbHandoffRow> {
    const handoff = await this.db<DbHandoffRow>('handoffs').where({ id: handoffId }).first();
    if (!handoff) throw new NotFoundError(`Handoff ${handoffId} not found`);
    return handoff;
  }

  private async assignedTo(handoffId: number, agent: AgentIdentity): Promise<DbHandoffRow> {
    const handoff = await this.get(handoffId);
    if (handoff.status !== 'assigned')
      throw new ConflictError(`This ticket is not in an active chat (it is ${handoff.status}); accept it first`);
    if (handoff.agent_id !== agent.id) throw new ConflictError('Another agent is handling this ticket');
    return handoff;
  }
}

/** Shows the messages sent in `context` under `name`; `from.id` stays the bot's, which channels require. */
function speakAs(context: TurnContext, name: string): void {
  context.onSendActivities(async (_context, activities, next) => {
    for (const activity of activities) activity.from = { ...activity.from, name } as ChannelAccount;
    return next();
  });
}
