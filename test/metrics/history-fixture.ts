import type { Knex } from 'knex';

/** UTC milliseconds of a moment in 2026 (month 1–12). */
export const utc = (month: number, day: number, h = 0, m = 0, s = 0, ms = 0): number => Date.UTC(2026, month - 1, day, h, m, s, ms);

/** Start times of the fixture's conversations. */
export const T = {
  A: utc(10, 1), // the window's first millisecond
  B: utc(10, 5, 9),
  C: utc(10, 10, 14),
  D: utc(10, 20, 8),
  E: utc(10, 31, 23, 59, 59, 999), // the window's last millisecond
  F: utc(11, 1), // exactly the window's exclusive end
  G: utc(9, 15, 12),
  H: utc(9, 20, 12),
};

interface Conversation {
  id: keyof typeof T;
  customer: string;
  channel: string;
  ended: number | null;
  reason: string | null;
  handedOff?: boolean;
  resolvedByBot?: boolean;
  outOfScope?: boolean;
  intent: string | null;
}

const conversations: Conversation[] = [
  { id: 'A', customer: 'c1', channel: 'webchat', ended: T.A + 60_000, reason: 'goodbye', resolvedByBot: true, intent: 'track_order' },
  { id: 'B', customer: 'c2', channel: 'msteams', ended: T.B + 200_000, reason: 'agent', handedOff: true, intent: 'complaint' },
  { id: 'C', customer: 'c3', channel: 'webchat', ended: T.C + 1_800_000, reason: 'idle', outOfScope: true, intent: null },
  { id: 'D', customer: 'c1', channel: 'directline', ended: null, reason: null, handedOff: true, intent: 'track_order' },
  {
    id: 'E',
    customer: 'c4',
    channel: 'webchat',
    ended: T.E + 120_000,
    reason: 'customer_left',
    handedOff: true,
    intent: 'contact_human_agent',
  },
  { id: 'F', customer: 'c2', channel: 'webchat', ended: T.F + 60_000, reason: 'goodbye', intent: 'get_refund' },
  { id: 'G', customer: 'c3', channel: 'msteams', ended: T.G + 60_000, reason: 'goodbye', intent: 'track_order' },
  { id: 'H', customer: 'c5', channel: 'webchat', ended: T.H + 60_000, reason: 'goodbye', intent: 'delivery_period' },
];

type Msg = [conversation: keyof typeof T, offsetMs: number, role: 'customer' | 'bot' | 'agent', responseMs?: number, by?: 'bot' | 'agent'];

// Customer messages carry response_ms/answered_by as the transcript writes them.
const messages: Msg[] = [
  ['A', 0, 'customer', 1000, 'bot'],
  ['A', 1000, 'bot'],
  ['A', 10_000, 'customer', 3000, 'bot'],
  ['A', 13_000, 'bot'],
  ['B', 0, 'customer', 2000, 'bot'],
  ['B', 2000, 'bot'],
  ['B', 60_000, 'customer', 30_000, 'agent'],
  ['B', 90_000, 'agent'],
  ['B', 120_000, 'customer', 10_000, 'agent'],
  ['B', 130_000, 'agent'],
  ['C', 0, 'customer', 5000, 'bot'],
  ['C', 5000, 'bot'],
  ['C', 30_000, 'customer'],
  ['D', 0, 'customer'],
  ['E', 0, 'customer', 4000, 'bot'],
  ['E', 4000, 'bot'],
  ['F', 0, 'customer', 999_999, 'bot'],
  ['F', 999_999, 'bot'],
  ['G', 0, 'customer', 7777, 'bot'],
  ['G', 7777, 'bot'],
  ['H', 0, 'customer', 100, 'bot'],
  ['H', 100, 'bot'],
];

/**
 * Inserts the hand-built history the metrics tests work their expected values out from.
 * The window of interest is October 2026 (`from=2026-10-01`, `to=2026-11-01`).
 */
export async function insertHistory(db: Knex): Promise<void> {
  const customers = ['c1', 'c2', 'c3', 'c4', 'c5'];
  await db('customers').insert(
    customers.map((id) => ({ id, channel_id: 'webchat', channel_user_id: `u-${id}`, created_at: utc(8, 1), last_seen_at: utc(10, 1) })),
  );
  const channelOf = new Map(conversations.map((c) => [c.id, c.channel]));
  await db('conversations').insert(
    conversations.map((c) => ({
      id: c.id,
      channel_id: c.channel,
      channel_conversation_id: `ch-${c.id}`,
      customer_id: c.customer,
      started_at: T[c.id],
      last_activity_at: c.ended ?? T[c.id],
      ended_at: c.ended,
      end_reason: c.reason,
      handed_off: c.handedOff ?? false,
      resolved_by_bot: c.resolvedByBot ?? false,
      out_of_scope: c.outOfScope ?? false,
      first_intent: c.intent,
    })),
  );
  await db('messages').insert(
    messages.map(([conversation, offset, role, responseMs, by]) => ({
      conversation_id: conversation,
      channel_id: channelOf.get(conversation),
      direction: role === 'customer' ? 'in' : 'out',
      role,
      text: 'text',
      created_at: T[conversation] + offset,
      answered_at: responseMs === undefined ? null : T[conversation] + offset + responseMs,
      response_ms: responseMs ?? null,
      answered_by: by ?? null,
    })),
  );
  await db('feedback').insert([
    {
      conversation_id: 'A',
      customer_id: 'c1',
      channel_id: 'webchat',
      kind: 'kb',
      rating: 5,
      sent_at: T.A + 20_000,
      answered_at: T.A + 30_000,
    },
    {
      conversation_id: 'B',
      customer_id: 'c2',
      channel_id: 'msteams',
      kind: 'agent',
      rating: 2,
      comment: 'slow',
      sent_at: T.B + 200_000,
      answered_at: T.B + 210_000,
    },
    { conversation_id: 'C', customer_id: 'c3', channel_id: 'webchat', kind: 'kb', rating: null, sent_at: T.C + 40_000 },
    { conversation_id: 'F', customer_id: 'c2', channel_id: 'webchat', kind: 'kb', rating: 4, sent_at: T.F + 5000, answered_at: T.F + 6000 },
    { conversation_id: 'G', customer_id: 'c3', channel_id: 'msteams', kind: 'kb', rating: 1, sent_at: T.G + 5000, answered_at: T.G + 6000 },
  ]);
  const ticket = (
    id: number,
    conversation: keyof typeof T,
    customer: string,
    status: string,
    opened: number,
    extra: Record<string, number | null>,
  ) => ({
    id,
    conversation_id: conversation,
    customer_id: customer,
    channel_id: channelOf.get(conversation),
    status,
    priority: 'normal',
    subject: `ticket ${id}`,
    opened_at: opened,
    updated_at: opened,
    assigned_at: null,
    first_agent_reply_at: null,
    resolved_at: null,
    closed_at: null,
    ...extra,
  });
  await db('tickets').insert([
    ticket(1, 'B', 'c2', 'closed', T.B + 50_000, {
      assigned_at: T.B + 70_000,
      first_agent_reply_at: T.B + 90_000,
      resolved_at: T.B + 3_600_000,
      closed_at: T.B + 7_200_000,
    }),
    ticket(2, 'D', 'c1', 'assigned', T.D + 1000, { assigned_at: T.D + 10_000, first_agent_reply_at: T.D + 16_000 }),
    ticket(3, 'E', 'c4', 'open', T.E, {}),
    // Resolved once, then reopened: open again, its stale resolved_at must not count.
    ticket(4, 'C', 'c3', 'open', T.C + 40_000, { resolved_at: T.C + 100_000 }),
    // Opened in September, resolved inside October: counts as resolved in the window.
    ticket(5, 'G', 'c3', 'resolved', T.G, { first_agent_reply_at: T.G + 3_600_000, resolved_at: utc(10, 2) }),
    ticket(6, 'F', 'c2', 'resolved', T.F, { resolved_at: T.F + 1000 }),
  ]);
  await db('ticket_events').insert([
    { ticket_id: 4, type: 'resolved', created_at: T.C + 100_000 },
    { ticket_id: 4, type: 'reopened', created_at: T.C + 200_000 },
    { ticket_id: 1, type: 'resolved', created_at: T.B + 3_600_000 },
  ]);
  await db('handoffs').insert([
    {
      ticket_id: 1,
      conversation_id: 'B',
      status: 'ended',
      requested_at: T.B + 50_000,
      accepted_at: T.B + 70_000,
      first_agent_reply_at: T.B + 90_000,
      ended_at: T.B + 200_000,
      outcome: 'resolved',
    },
    {
      ticket_id: 2,
      conversation_id: 'D',
      status: 'assigned',
      requested_at: T.D + 1000,
      accepted_at: T.D + 10_000,
      first_agent_reply_at: T.D + 16_000,
    },
    { ticket_id: 3, conversation_id: 'E', status: 'abandoned', requested_at: T.E, ended_at: T.E + 120_000, outcome: 'abandoned' },
    { ticket_id: 6, conversation_id: 'F', status: 'abandoned', requested_at: T.F + 1000, ended_at: T.F + 2000, outcome: 'abandoned' },
  ]);
  await db('kb_feedback').insert([
    { conversation_id: 'A', article_id: 'track-order', helpful: true, channel_id: 'webchat', created_at: T.A + 15_000 },
    { conversation_id: 'C', article_id: 'returns', helpful: false, channel_id: 'webchat', created_at: T.C + 10_000 },
    { conversation_id: 'C', article_id: 'refund-policy', helpful: false, channel_id: 'webchat', created_at: T.C + 20_000 },
    { conversation_id: 'F', article_id: 'refund-policy', helpful: true, channel_id: 'webchat', created_at: T.F + 10_000 },
  ]);
}
