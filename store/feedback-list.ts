import type { Knex } from 'knex';
import { decodeCursor, encodeCursor } from './keyset-cursor';

/** One answered survey as admins see it. */
export interface FeedbackEntry {
  id: number;
  kind: string;
  channel: string;
  rating: number;
  comment: string | null;
  sentiment: number | null;
  /** The ticket of the surveyed conversation, if it had one. */
  ticketId: number | null;
  /** The ticket's intent, or else the conversation's first intent. */
  intent: string | null;
  answeredAt: number;
}

/** What {@link listFeedback} filters on. */
export interface FeedbackFilter {
  /** Answered at or after (ms). */
  from?: number;
  /** Answered before (ms). */
  to?: number;
  rating?: number;
  /** Only answers with a comment. */
  withComment?: boolean;
  limit: number;
  cursor?: string;
}

/** Answered surveys, newest first, keyset-paged like the ticket search (`next` null at the end). */
export async function listFeedback(db: Knex, filter: FeedbackFilter): Promise<{ feedback: FeedbackEntry[]; next: string | null }> {
  // The latest ticket of each surveyed conversation (a conversation rarely has more than one).
  const latestTicket = db('tickets').select('conversation_id').max({ ticket_id: 'id' }).groupBy('conversation_id').as('lt');
  const query = db('feedback as f')
    .leftJoin(latestTicket, 'lt.conversation_id', 'f.conversation_id')
    .leftJoin('tickets as t', 't.id', 'lt.ticket_id')
    .leftJoin('conversations as c', 'c.id', 'f.conversation_id')
    .whereNotNull('f.answered_at')
    .select(
      'f.id',
      'f.kind',
      'f.channel_id',
      'f.rating',
      'f.comment',
      'f.sentiment',
      'f.answered_at',
      't.id as ticket_id',
      db.raw('coalesce(t.intent, c.first_intent) as intent'),
    );
  if (filter.from !== undefined) query.where('f.answered_at', '>=', filter.from);
  if (filter.to !== undefined) query.where('f.answered_at', '<', filter.to);
  if (filter.rating !== undefined) query.where('f.rating', filter.rating);
  if (filter.withComment) query.whereNotNull('f.comment');
  if (filter.cursor) {
    const after = decodeCursor(filter.cursor);
    query.where((w) =>
      w.where('f.answered_at', '<', after.at).orWhere((x) => x.where('f.answered_at', after.at).where('f.id', '<', after.id)),
    );
  }
  const rows = await query
    .orderBy([
      { column: 'f.answered_at', order: 'desc' },
      { column: 'f.id', order: 'desc' },
    ])
    .limit(filter.limit + 1);
  const feedback: FeedbackEntry[] = rows.slice(0, filter.limit).map((r) => ({
    id: r.id,
    kind: r.kind,
    channel: r.channel_id,
    rating: r.rating,
    comment: r.comment,
    sentiment: r.sentiment,
    ticketId: r.ticket_id ?? null,
    intent: r.intent ?? null,
    answeredAt: r.answered_at,
  }));
  const last = feedback[feedback.length - 1];
  return { feedback, next: rows.length > filter.limit && last ? encodeCursor({ at: last.answeredAt, id: last.id }) : null };
}
