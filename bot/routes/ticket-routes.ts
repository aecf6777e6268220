import type { Knex } from 'knex';
import type { Server } from 'restify';
import { z } from 'zod';
import { latestCustomerLanguage, listMessages } from '../../store/messages';
import { listPhotos } from '../../store/photos';
import { correctTicketIntent } from '../../store/ticket-intent';
import { searchTickets } from '../../store/ticket-search';
import { getTicket, listTicketEvents, type DbTicketRow } from '../../store/tickets';
import type { CallerHandler } from '../audited-route';
import type { AgentIdentity } from '../handoff/agent-actions';
import { ticketLanguage, withLanguages } from '../handoff/ticket-languages';
import type { StatusOptions, TicketLifecycle } from '../handoff/ticket-lifecycle';
import type { AsyncHandler } from '../http-errors';
import type { PhotoLinks } from '../photos/photo-links';
import type { KnownIntents } from '../known-intents';
import { parseTicketQuery } from './ticket-query';

const idParam = z.coerce.number().int().positive();
const intentBodySchema = z.strictObject({ intent: z.string().trim().min(1, 'required').max(64) });

/** Wraps a handler in the surface's authentication and audit (agent tab or admin). */
export type TicketRouteWrapper = (action: string, fn: CallerHandler<AgentIdentity>) => AsyncHandler;

/** Dependencies of {@link registerTicketRoutes}. */
export interface TicketRoutesDeps {
  db: Knex;
  tickets: TicketLifecycle;
  /** Reads `{ status, … }` from a status request's body (agents and admins may send different fields). */
  statusBody(body: unknown): { status: DbTicketRow['status'] } & StatusOptions;
  /** Signs the transcript's photo links (the page shows them as images). */
  photoLinks: PhotoLinks;
  /** The labels a ticket's intent may be corrected to. */
  intents: KnownIntents;
}

/**
 * The ticket routes agents and admins share under `base` (`/agent/api/tickets`, `/admin/tickets`):
 * `GET base` (search: `status, priority, assignee, customer, q, from, to, limit, cursor` →
 * `{ tickets, next }`), `GET base/:id` (the ticket page: transcript, notes, events, survey) and
 * `POST base/:id/status` (`{ status }`; 409 when the lifecycle does not allow the move) and
 * `POST base/:id/intent` (`{ intent }`: corrects the ticket's intent; the customer message the
 * bot misread goes to the NLU review queue; 400 for an intent the training file does not know).
 */
export function registerTicketRoutes(server: Server, base: string, route: TicketRouteWrapper, deps: TicketRoutesDeps): void {
  const { db, tickets } = deps;
  server.get(
    base,
    route('tickets', async (req, res) => {
      const page = await searchTickets(db, parseTicketQuery(req.query));
      res.send(200, { ...page, tickets: await withLanguages(db, page.tickets) });
    }),
  );
  server.get(
    `${base}/:id`,
    route('ticket', async (req, res) => {
      res.send(200, await ticketPage(db, deps.photoLinks, idParam.parse(req.params.id)));
    }),
  );
  server.post(
    `${base}/:id/status`,
    route('ticket.status', async (req, res, caller) => {
      const id = idParam.parse(req.params.id);
      const { status, ...options } = deps.statusBody(req.body ?? {});
      res.send(200, { ticket: await tickets.setStatus(id, status, caller, options) });
    }),
  );
  server.post(
    `${base}/:id/intent`,
    route('ticket.intent', async (req, res, caller) => {
      const id = idParam.parse(req.params.id);
      const intent = deps.intents.check(intentBodySchema.parse(req.body ?? {}).intent);
      res.send(200, { ticket: await correctTicketIntent(db, id, intent, caller.id, Date.now()) });
    }),
  );
}

/**
 * Everything the ticket page shows: the ticket, its latest handoff, transcript (with each
 * message's photos as signed links), notes, events and survey answers.
 */
async function ticketPage(db: Knex, photoLinks: PhotoLinks, id: number) {
  const ticket = await getTicket(db, id);
  const handoffs = await db('handoffs').where({ ticket_id: id }).orderBy('id');
  // A reopened ticket's later chats are on the conversations of its later handoffs.
  const conversationIds = [...new Set([ticket.conversation_id, ...handoffs.map((h) => h.conversation_id as string)])];
  const transcript = [];
  for (const conversationId of conversationIds) transcript.push(...(await listMessages(db, conversationId)));
  const photos = await listPhotos(db, conversationIds);
  const now = Date.now();
  const photosOf = (messageId: number) =>
    photos
      .filter((p) => p.message_id === messageId)
      .map((p) => ({ id: p.id, contentType: p.content_type, url: photoLinks.path(p.id, now) }));
  const events = await listTicketEvents(db, id);
  const surveys = await db('feedback').whereIn('conversation_id', conversationIds).orderBy('sent_at');
  transcript.sort((a, b) => a.created_at - b.created_at || a.id - b.id);
  return {
    ticket,
    // The language the customer wrote in last: agents answer in it.
    ...ticketLanguage(latestCustomerLanguage(transcript)),
    handoff: handoffs[handoffs.length - 1] ?? null,
    transcript: transcript.map((m) => ({ role: m.role, kind: m.kind, text: m.text, at: m.created_at, photos: photosOf(m.id) })),
    notes: events
      .filter((e) => e.type === 'note')
      .map((e) => ({ by: e.actor, at: e.created_at, text: (JSON.parse(e.data ?? '{}') as { text?: string }).text ?? '' })),
    events: events.map((e) => ({ type: e.type, actor: e.actor, at: e.created_at, data: JSON.parse(e.data ?? 'null') as unknown })),
    surveys: surveys.map((f) => ({
      kind: f.kind,
      sentAt: f.sent_at,
      rating: f.rating,
      comment: f.comment,
      answeredAt: f.answered_at,
    })),
  };
}
