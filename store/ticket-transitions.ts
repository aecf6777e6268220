import type { TicketStatus } from './tickets';

/**
 * The ticket lifecycle (DESIGN.md, conversation flow 8): open → assigned → waiting (on the
 * customer) → resolved → closed. Each status lists the statuses it may move to; `open` from
 * resolved or closed is a reopen, from assigned or waiting a release back to the queue.
 */
export const TICKET_TRANSITIONS: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  open: ['assigned', 'waiting', 'resolved', 'closed'],
  assigned: ['open', 'waiting', 'resolved', 'closed'],
  waiting: ['open', 'assigned', 'resolved', 'closed'],
  resolved: ['open', 'closed'],
  closed: ['open'],
};

/** Every ticket status, in lifecycle order. */
export const TICKET_STATUSES = Object.keys(TICKET_TRANSITIONS) as TicketStatus[];

/** Whether a ticket may move from `from` to `to`. */
export function canTransition(from: TicketStatus, to: TicketStatus): boolean {
  return TICKET_TRANSITIONS[from].includes(to);
}

/** The statuses a ticket may be in to move to `to`. */
export function statusesLeadingTo(to: TicketStatus): TicketStatus[] {
  return TICKET_STATUSES.filter((from) => canTransition(from, to));
}

/** The ticket event a transition records: `reopened`, `released`, `assigned`, `waiting`, `resolved` or `closed`. */
export function transitionEvent(from: TicketStatus, to: TicketStatus): string {
  if (to !== 'open') return to;
  return from === 'resolved' || from === 'closed' ? 'reopened' : 'released';
}
