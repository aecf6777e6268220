import { EventFactory } from 'botbuilder';
import type { Knex } from 'knex';
import { textReply } from '../../dialogs/reply';
import { endConversation } from '../../store/conversations';
import { ConflictError, InputError } from '../../store/errors';
import { handoffOfTicket, moveHandoff, type DbHandoffRow } from '../../store/handoffs';
import type { Repositories } from '../../store/repositories';
import { getTicket, type DbTicketRow, type TicketStatus } from '../../store/tickets';
import type { Logger } from '../logger';
import type { AgentActions, AgentIdentity } from './agent-actions';
import type { TeamsAgentDesk } from './agent-desk';

/** Dependencies of {@link TicketLifecycle}. */
export interface TicketLifecycleDeps {
  db: Knex;
  repos: Repositories;
  desk: TeamsAgentDesk;
  actions: AgentActions;
  logger: Logger;
  /** A resolved ticket without a customer message for this long is closed. */
  autocloseMs: number;
}

/** Options of {@link TicketLifecycle.setStatus}. */
export interface StatusOptions {
  /** For `assigned` by an admin: the agent who gets the ticket (an agent assigns it to themselves). */
  assigneeId?: string;
}

/**
 * Every ticket status change outside the chat itself, in one place: agents and admins moving
 * a ticket (the agent tab, the admin routes, the Teams `/status` command), a customer message
 * reopening a resolved ticket, and the autoclose of resolved tickets. Each change is a ticket
 * event with its actor (store/tickets.ts transitionTicket, checked against the lifecycle table),
 * and the handoff follows: a ticket resolved or closed ends its chat, one put back to open
 * returns its customer to the queue.
 */
export class TicketLifecycle {
  constructor(private readonly deps: TicketLifecycleDeps) {}

  /** Moves a ticket to `to` for `actor`; ConflictError (409) when the lifecycle does not allow it. */
  async setStatus(ticketId: number, to: TicketStatus, actor: AgentIdentity, options: StatusOptions = {}): Promise<DbTicketRow> {
    const { db, repos, actions } = this.deps;
    if (to === 'assigned') {
      if (options.assigneeId && options.assigneeId !== actor.id) await this.reassign(ticketId, options.assigneeId, actor);
      else {
        const result = await actions.acceptTicket(ticketId, actor);
        if (!result.won) throw new ConflictError(`Already taken by ${result.takenBy}`);
      }
      return getTicket(db, ticketId);
    }
    const now = Date.now();
    const handoff = await handoffOfTicket(db, ticketId);
    await repos.tickets.setStatus(ticketId, to, { actor: actor.id, now });
    if (handoff) await this.followHandoff(handoff, to, actor, now);
    return getTicket(db, ticketId);
  }

  /**
   * A customer wrote (anything but a survey answer): their resolved ticket reopens, and one
   * waiting on them goes back to its agent (or to the queue when it has none).
   */
  async onCustomerMessage(customerId: string, now: number): Promise<void> {
    const { repos } = this.deps;
    const ticket = await repos.tickets.latestOf(customerId, ['resolved', 'waiting']);
    if (!ticket) return;
    const to: TicketStatus = ticket.status === 'waiting' && ticket.assignee_id ? 'assigned' : 'open';
    const event = ticket.status === 'resolved' ? 'reopened' : 'customer_replied';
    try {
      await repos.tickets.transition(ticket.id, [ticket.status], to, { actor: customerId, now, event });
    } catch (error) {
      // Moved meanwhile (an agent, or a redelivery of this message): nothing left to reopen.
      if (!(error instanceof ConflictError)) throw error;
    }
  }

  /** Closes every ticket resolved longer than the autoclose period ago; returns how many. */
  async autoclose(now: number): Promise<number> {
    const { repos, autocloseMs } = this.deps;
    let closed = 0;
    for (const id of await repos.tickets.resolvedBefore(now - autocloseMs)) {
      try {
        await repos.tickets.transition(id, ['resolved'], 'closed', { actor: 'bot', now, data: { reason: 'autoclose' } });
        closed++;
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
      }
    }
    return closed;
  }

  /** An admin gives an assigned ticket to another agent; its live chat goes with it. */
  private async reassign(ticketId: number, assigneeId: string, actor: AgentIdentity): Promise<void> {
    const { db, repos } = this.deps;
    const agent = await db('agents').where({ id: assigneeId }).first('id');
    if (!agent) throw new InputError(`assignee: no agent ${assigneeId}`);
    const ticket = await getTicket(db, ticketId);
    if (ticket.status !== 'assigned' && ticket.status !== 'waiting') {
      throw new ConflictError(`Ticket ${ticketId} is ${ticket.status}: only a ticket an agent holds can be reassigned`);
    }
    await repos.tickets.transition(ticketId, ['assigned', 'waiting'], 'assigned', {
      actor: actor.id,
      now: Date.now(),
      assigneeId,
      event: 'reassigned',
      data: { to: assigneeId },
    });
    await db('handoffs').where({ ticket_id: ticketId, status: 'assigned' }).update({ agent_id: assigneeId });
  }

  private async followHandoff(handoff: DbHandoffRow, to: TicketStatus, actor: AgentIdentity, now: number): Promise<void> {
    const { db, desk } = this.deps;
    if (to === 'open' && (await moveHandoff(db, handoff.id, ['assigned'], 'waiting', now))) {
      await desk.refreshCard(handoff.id, {});
      await desk.toCustomer(handoff, 'bot', (line) => line.send(textReply(line.messages.text('handoff.backInQueue'))));
      return;
    }
    if (to !== 'resolved' && to !== 'closed') return;
    const wasChatting = handoff.status === 'assigned';
    if (!(await moveHandoff(db, handoff.id, ['waiting', 'assigned', 'timed_out'], 'ended', now, to))) return;
    await desk.cancelTimeout(handoff.id);
    await desk.refreshCard(handoff.id, { outcome: `${to === 'resolved' ? 'Resolved' : 'Closed'} by ${actor.name}` });
    await desk
      .toCustomer(handoff, 'bot', async (line) => {
        await line.send(
          textReply(
            line.messages.text(to === 'resolved' ? 'handoff.ticketResolved' : 'handoff.ticketClosed', { ticket: handoff.ticket_id }),
          ),
          EventFactory.createHandoffStatus(line.context.activity.conversation, 'completed'),
        );
        if (wasChatting) await desk.sendSurvey(line);
      })
      .catch((error: unknown) => this.deps.logger.warn({ err: error, ticketId: handoff.ticket_id }, 'could not tell the customer'));
    await endConversation(db, handoff.conversation_id, 'agent', now);
  }
}
