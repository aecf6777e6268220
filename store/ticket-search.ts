import type { Knex } from 'knex';
import { decodeCursor, encodeCursor } from './keyset-cursor';
import type { DbTicketRow, TicketPriority, TicketStatus } from './tickets';

/** What {@link searchTickets} filters on; every field is optional and they combine with AND. */
export interface TicketFilter {
  status?: TicketStatus[];
  priority?: TicketPriority[];
  /** Agent id, or `none` for tickets nobody is assigned to. */
  assignee?: string;
  customer?: string;
  /** Words found in the subject or the summary (case-insensitive). */
  q?: string;
  /** Opened at or after (ms). */
  from?: number;
  /** Opened before (ms). */
  to?: number;
  limit: number;
  /** {@link TicketPage.next} of the previous page. */
  cursor?: string;
}

/** One page of {@link searchTickets}: newest first; `next` fetches the following page, null at the end. */
export interface TicketPage {
  tickets: DbTicketRow[];
  next: string | null;
}

/**
 * Tickets matching `filter`, newest opened first, paged by keyset: the cursor is the position
 * (opened_at, id) of the last ticket shown, so pages stay stable while tickets are opened or
 * change status. Throws InputError for a cursor this function did not make.
 */
export async function searchTickets(db: Knex, filter: TicketFilter): Promise<TicketPage> {
  const query = db<DbTicketRow>('tickets');
  if (filter.status?.length) query.whereIn('status', filter.status);
  if (filter.priority?.length) query.whereIn('priority', filter.priority);
  if (filter.assignee === 'none') query.whereNull('assignee_id');
  else if (filter.assignee) query.where('assignee_id', filter.assignee);
  if (filter.customer) query.where('customer_id', filter.customer);
  if (filter.from !== undefined) query.where('opened_at', '>=', filter.from);
  if (filter.to !== undefined) query.where('opened_at', '<', filter.to);
  for (const word of (filter.q ?? '').toLowerCase().split(/\s+/).filter(Boolean)) {
    const pattern = `%${escapeLike(word)}%`;
    query.where((w) =>
      w.whereRaw(`lower(subject) like ? escape '\\'`, [pattern]).orWhereRaw(`lower(coalesce(summary, '')) like ? escape '\\'`, [pattern]),
    );
  }
  if (filter.cursor) {
    const after = decodeCursor(filter.cursor);
    query.where((w) => w.where('opened_at', '<', after.at).orWhere((x) => x.where('opened_at', after.at).where('id', '<', after.id)));
  }
  const rows = await query
    .orderBy([
      { column: 'opened_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(filter.limit + 1);
  const tickets = rows.slice(0, filter.limit);
  const last = tickets[tickets.length - 1];
  return { tickets, next: rows.length > filter.limit && last ? encodeCursor({ at: last.opened_at, id: last.id }) : null };
}

function escapeLike(word: string): string {
  return word.replace(/[\\%_]/g, (c) => `\\${c}`);
}
