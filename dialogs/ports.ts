import type { Language } from '../common/languages';
import type { TicketPriority } from '../store/tickets';

/** What the NLU says about one customer message (see nlu/index.ts). */
export interface Understanding {
  intent: string;
  confidence: number;
  outOfScope: boolean;
  margin: number;
  alternatives: Array<{ intent: string; confidence: number }>;
  entities: Array<{ type: string; value: string; start: number; end: number; canonical?: string }>;
  sentiment: number;
}

/** Classifies customer text (on this thread or on a worker thread). */
export interface Understander {
  /** Understands `text` written in `language` (English when not given). */
  understand(text: string, language?: Language): Understanding | Promise<Understanding>;
}

/** A knowledge-base article as the dialogs show it. */
export interface Article {
  id: string;
  title: string;
  summary: string;
  body: string;
  intents: string[];
  /** The language it is written in (English when the asked language has no translation yet). */
  language?: Language;
}

/** A ranked search result. */
export interface ArticleHit {
  id: string;
  title: string;
  score: number;
  /** The language of the article found. */
  language?: Language;
  /** True when the article is missing in the asked language and this is the English one: the dialog adds a one-line note. */
  fallback?: boolean;
}

/** Knowledge-base search with the classified intent as a prior, in the question's language (default English). */
export interface ArticleSearch {
  search(
    query: string,
    options: { intent?: string | null; intentConfidence?: number; limit?: number; exclude?: string[]; language?: Language },
  ): ArticleHit[];
  /** The article in `language` (default English), else the English one. */
  get(id: string, language?: Language): Article | undefined;
}

/** Why a customer is handed to a person. */
export type HandoffReason = 'asked_for_person' | 'upset' | 'kb_failed' | 'needs_agent' | 'complaint';

/** A request to open a ticket and queue the conversation for an agent. */
export interface AgentRequest {
  reason: HandoffReason;
  priority: TicketPriority;
  intent: string | null;
  /** Idempotency key of the triggering activity. */
  sourceKey: string | null;
  /** The order the conversation is about (canonical format), carried onto the ticket. */
  orderNumber: string | null;
}

/**
 * Who the channel vouches the customer is: a Teams user (`userId` = their Entra object id,
 * `email` from Teams), or a customer the shop's page signed for the widget (`userId` = the
 * shop's own customer id).
 */
export interface VerifiedCustomer {
  source: 'teams' | 'shop';
  userId: string;
  email?: string;
}

/**
 * An order as the bot may use it (docs/order-lookup.md): what it shows, and who owns it.
 * There is deliberately no place here for the address, phone or payment details.
 */
export interface OrderDetails {
  /** In the shop's canonical format. */
  orderNumber: string;
  status: 'processing' | 'shipped' | 'out_for_delivery' | 'delivered' | 'cancelled';
  items: Array<{ name: string; quantity: number }>;
  carrier: string | null;
  /** ISO date, YYYY-MM-DD. */
  expectedDelivery: string | null;
  /** Compared with the customer's identity or the email a guest gives; never shown. */
  owner: { email: string; shopUserId: string | null };
}

/**
 * The shop's order system as the bot reads it: the demo implementation reads the demo
 * `orders` table; a shop plugs in its own (an HTTP call to its order API, say).
 */
export interface OrderLookup {
  /** The order with that number (canonical format), or undefined when there is none. */
  find(orderNumber: string): Promise<OrderDetails | undefined>;
}
