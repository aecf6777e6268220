import type { TicketPriority } from '../store/tickets';
import type { Understanding } from './ports';

/** Sentiment at or below this means the customer is clearly upset. */
export const UPSET_SENTIMENT = -0.6;
/** When the top two intents are closer than this, the bot asks which one was meant. */
export const CLARIFY_MARGIN = 0.12;

/** What the bot does with one understood message. */
export type Route =
  | { kind: 'greeting' }
  | { kind: 'thanks' }
  | { kind: 'goodbye' }
  | { kind: 'agent'; reason: 'asked_for_person' | 'upset' }
  | { kind: 'complaint' }
  | { kind: 'out_of_scope' }
  | { kind: 'clarify'; options: string[] }
  | { kind: 'kb'; intent: string; confidence: number };

const SMALL_TALK: Record<string, Route> = {
  greeting: { kind: 'greeting' },
  thanks: { kind: 'thanks' },
  goodbye: { kind: 'goodbye' },
};

/** Routing of DESIGN.md ("Conversation flow" 3 and the intent table). */
export function routeOf(u: Understanding): Route {
  if (u.outOfScope) return u.sentiment <= UPSET_SENTIMENT ? { kind: 'agent', reason: 'upset' } : { kind: 'out_of_scope' };
  if (SMALL_TALK[u.intent]) return SMALL_TALK[u.intent];
  if (u.intent === 'contact_human_agent') return { kind: 'agent', reason: 'asked_for_person' };
  if (u.intent === 'complaint') return { kind: 'complaint' };
  if (u.sentiment <= UPSET_SENTIMENT) return { kind: 'agent', reason: 'upset' };
  const second = u.alternatives.find((a) => a.intent !== u.intent);
  if (second && u.margin < CLARIFY_MARGIN && !SMALL_TALK[second.intent]) return { kind: 'clarify', options: [u.intent, second.intent] };
  return { kind: 'kb', intent: u.intent, confidence: u.confidence };
}

const INTENT_PRIORITY: Record<string, TicketPriority> = {
  complaint: 'high',
  payment_issue: 'high',
  product_issue: 'normal',
  get_refund: 'normal',
  track_refund: 'normal',
  track_order: 'normal',
  cancel_order: 'normal',
  change_order: 'normal',
  change_shipping_address: 'normal',
};
const ORDER: TicketPriority[] = ['low', 'normal', 'high', 'urgent'];

/**
 * Ticket priority from the intent, raised one step for an upset customer, for repeated
 * failure and for a customer in an at-risk segment.
 */
export function ticketPriority(input: { intent: string | null; sentiment: number; misses: number; atRisk: boolean }): TicketPriority {
  let level = ORDER.indexOf((input.intent && INTENT_PRIORITY[input.intent]) || 'low');
  if (input.sentiment <= UPSET_SENTIMENT) level++;
  if (input.misses >= 2) level++;
  if (input.atRisk) level++;
  return ORDER[Math.min(level, ORDER.length - 1)];
}
