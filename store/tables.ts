/** Row types of the database tables (snake_case columns, UTC millisecond timestamps). */

export interface DbCustomerRow {
  id: string;
  channel_id: string;
  channel_user_id: string;
  name: string | null;
  segment: number | null;
  created_at: number;
  last_seen_at: number;
  erased_at: number | null;
}

export interface DbConversationRow {
  id: string;
  channel_id: string;
  channel_conversation_id: string;
  customer_id: string;
  started_at: number;
  last_activity_at: number;
  ended_at: number | null;
  end_reason: string | null;
  handed_off: boolean | number;
  resolved_by_bot: boolean | number;
  out_of_scope: boolean | number;
  first_intent: string | null;
  /** The language of the customer's latest message (null: none yet, or before languages existed = English). */
  language: string | null;
}

/** Who wrote a message. */
export type MessageRole = 'customer' | 'bot' | 'agent';

/** How a message was written: typed text, a card button pressed, a card the bot sent, or photos without text. */
export type MessageKind = 'text' | 'card_action' | 'card' | 'photo';

export interface DbMessageRow {
  id: number;
  conversation_id: string;
  channel_id: string;
  dedup_key: string | null;
  activity_id: string | null;
  direction: 'in' | 'out';
  role: MessageRole;
  kind: MessageKind;
  text: string | null;
  /** A card submit's payload as JSON (kind `card_action`). */
  value: string | null;
  intent: string | null;
  confidence: number | null;
  out_of_scope: boolean | number | null;
  sentiment: number | null;
  entities: string | null;
  created_at: number;
  handled_at: number | null;
  /** A running turn holds its message until then (see store/messages.ts claimIncoming). */
  claim_until: number | null;
  answered_at: number | null;
  response_ms: number | null;
  answered_by: MessageRole | null;
  /** A customer message's chosen language (null: a bot or agent message, or from before languages = English). */
  language: string | null;
}

export interface DbBotStateRow {
  key: string;
  data: string;
  etag: string;
  updated_at: number;
}

export interface DbAuditRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  status: number;
  ip: string | null;
  detail: string | null;
}

/** A dashboard session (`admin_sessions`); the cookie holds the token, the row only its hash. */
export interface DbAdminSessionRow {
  token_hash: string;
  created_at: number;
  last_seen_at: number;
  /** Absolute expiry, however active the session is. */
  expires_at: number;
}
