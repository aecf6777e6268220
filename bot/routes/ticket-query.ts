import { z } from 'zod';
import { COLUMN_LENGTH, CUSTOMER_ID_LENGTH, dbText } from '../../store/field-limits';
import { instantSchema } from '../../store/metrics/window-query';
import { TICKET_STATUSES } from '../../store/ticket-transitions';
import type { TicketFilter } from '../../store/ticket-search';
import type { TicketPriority, TicketStatus } from '../../store/tickets';

const PRIORITIES: TicketPriority[] = ['low', 'normal', 'high', 'urgent'];

/** A comma-separated list of `values` ("open,waiting"). */
const listOf = <T extends string>(values: readonly T[]) =>
  z
    .string()
    .transform((v) => v.split(',').map((s) => s.trim()))
    .pipe(z.array(z.enum(values as [T, ...T[]], { error: `must be one or more of ${values.join(', ')}, comma-separated` })));

/** Page size: 1–100, 25 when omitted. */
export const limitSchema = z.coerce.number().int().min(1).max(100).default(25);
/** An opaque cursor from the previous page's `next`. */
export const cursorSchema = z.string().min(1).max(200);

/** The query of `GET …/tickets`: every parameter optional; an unknown one is refused by name. */
export const ticketQuerySchema = z
  .strictObject({
    status: listOf<TicketStatus>(TICKET_STATUSES).optional(),
    priority: listOf(PRIORITIES).optional(),
    assignee: dbText(COLUMN_LENGTH.channelValue).min(1).optional(),
    customer: dbText(CUSTOMER_ID_LENGTH).min(1).optional(),
    q: dbText(200).optional(),
    from: instantSchema.optional(),
    to: instantSchema.optional(),
    limit: limitSchema,
    cursor: cursorSchema.optional(),
  })
  .refine((f) => f.from === undefined || f.to === undefined || f.to > f.from, { path: ['to'], message: 'must be after from' });

/** Validates a ticket search query (ZodError naming the bad parameter → 400). */
export function parseTicketQuery(query: unknown): TicketFilter {
  return ticketQuerySchema.parse(query ?? {});
}

/** The body of `POST …/tickets/:id/status`. */
export const statusBodySchema = z.strictObject({ status: z.enum(TICKET_STATUSES as [TicketStatus, ...TicketStatus[]]) });

/** The admin body: an admin may also name the agent who gets an `assigned` ticket (required then). */
export const adminStatusBodySchema = z
  .strictObject({ status: statusBodySchema.shape.status, assignee: dbText(COLUMN_LENGTH.channelValue).min(1).optional() })
  .refine((b) => b.status !== 'assigned' || b.assignee !== undefined, {
    path: ['assignee'],
    message: 'required to assign a ticket: the id of the agent who gets it',
  });
