import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../common/time';
import type { DemoRandom } from './demo-random';

/** A row for one table, columns as in the schema. */
export type DemoRow = Record<string, unknown>;

interface Sink {
  tickets: DemoRow[];
  ticketEvents: DemoRow[];
}

/** What happened in a handoff an agent answered. */
export interface AnsweredHandoff {
  agent: string;
  acceptedAt: number;
  firstReplyAt: number;
  endedAt: number;
  solved: boolean;
}

/**
 * Ticket life cycles of the demo history: opened, picked up (now or hours later), resolved,
 * closed a few days later, sometimes reopened and resolved again. Nothing is dated after `now`.
 */
export class TicketTrack {
  private nextId: number;
  private readonly byId = new Map<number, DemoRow>();

  constructor(
    private readonly random: DemoRandom,
    private readonly now: number,
    firstId: number,
  ) {
    this.nextId = firstId;
  }

  /** Opens a ticket; returns its id. */
  open(
    out: Sink,
    t: { conversation_id: string; channel_id: string; customer_id: string; intent: string; openedAt: number; priority: string },
  ): number {
    const id = this.nextId++;
    const row: DemoRow = {
      id,
      conversation_id: t.conversation_id,
      customer_id: t.customer_id,
      channel_id: t.channel_id,
      status: 'open',
      priority: t.priority,
      intent: t.intent,
      subject: `Customer asked about ${t.intent.replace(/_/g, ' ')}`,
      opened_at: t.openedAt,
      updated_at: t.openedAt,
      assigned_at: null,
      assignee_id: null,
      first_agent_reply_at: null,
      resolved_at: null,
      closed_at: null,
    };
    this.byId.set(id, row);
    out.tickets.push(row);
    out.ticketEvents.push({ ticket_id: id, type: 'opened', actor: 'bot', created_at: t.openedAt });
    return id;
  }

  /** An agent answered in the handoff: resolved at its end when solved, else some hours later. */
  answered(out: Sink, id: number, h: AnsweredHandoff): void {
    const row = this.byId.get(id) as DemoRow;
    Object.assign(row, {
      status: 'assigned',
      assignee_id: h.agent,
      assigned_at: h.acceptedAt,
      first_agent_reply_at: h.firstReplyAt,
      updated_at: h.endedAt,
    });
    out.ticketEvents.push({ ticket_id: id, type: 'assigned', actor: h.agent, created_at: h.acceptedAt });
    this.resolve(out, id, h.solved ? h.endedAt : h.endedAt + Math.round(this.random.between(2 * HOUR_MS, 72 * HOUR_MS)), h.agent);
  }

  /** Nobody answered in time: with probability `p` an agent picks the ticket up hours later. */
  pickUpLater(out: Sink, id: number, from: number, p: number, agent: string): void {
    if (!this.random.chance(p)) return;
    const assignedAt = from + Math.round(this.random.exponential(6 * HOUR_MS));
    if (assignedAt >= this.now) return;
    const row = this.byId.get(id) as DemoRow;
    const replyAt = assignedAt + Math.round(this.random.between(MINUTE_MS, 20 * MINUTE_MS));
    Object.assign(row, { status: 'assigned', assignee_id: agent, assigned_at: assignedAt, updated_at: assignedAt });
    out.ticketEvents.push({ ticket_id: id, type: 'assigned', actor: agent, created_at: assignedAt });
    if (replyAt >= this.now) return;
    row.first_agent_reply_at = replyAt;
    this.resolve(out, id, replyAt + Math.round(this.random.exponential(18 * HOUR_MS)), agent);
  }

  private resolve(out: Sink, id: number, at: number, agent: string): void {
    if (at >= this.now) return;
    const row = this.byId.get(id) as DemoRow;
    Object.assign(row, { status: 'resolved', resolved_at: at, updated_at: at });
    out.ticketEvents.push({ ticket_id: id, type: 'resolved', actor: agent, created_at: at });
    if (this.random.chance(0.05)) {
      const reopenedAt = at + Math.round(this.random.between(HOUR_MS, 5 * DAY_MS));
      if (reopenedAt >= this.now) return;
      Object.assign(row, { status: 'open', updated_at: reopenedAt });
      out.ticketEvents.push({ ticket_id: id, type: 'reopened', actor: 'customer', created_at: reopenedAt });
      if (this.random.chance(0.6)) this.resolve(out, id, reopenedAt + Math.round(this.random.between(2 * HOUR_MS, 48 * HOUR_MS)), agent);
      return;
    }
    const closedAt = at + 3 * DAY_MS;
    if (closedAt < this.now && this.random.chance(0.6)) {
      Object.assign(row, { status: 'closed', closed_at: closedAt, updated_at: closedAt });
      out.ticketEvents.push({ ticket_id: id, type: 'closed', actor: 'system', created_at: closedAt });
    }
  }
}
