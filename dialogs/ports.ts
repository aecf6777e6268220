import type { TicketPriority } from '../store/tickets';

/** What the NLU says about one customer message (see nlu/index.ts). */
export interface Understanding {
  intent: string;
  confidence: number;
  outOfScope: boolean;
  margin: number;
  alternatives: Array<{ intent: string; confidence: number }>;
  entities: Array<{ type: string; value: string; start: number; end: number }>;
  sentiment: number;
}

/** Classifies customer text (on this thread or on a worker thread). */
export interface Understander {
  understand(text: string): Understanding | Promise<Understanding>;
}

/** A knowledge-base article as the dialogs show it. */
export interface Article {
  id: string;
  title: string;
  summary: string;
  body: string;
  intents: string[];
}

/** A ranked search result. */
export interface ArticleHit {
  id: string;
  title: string;
  score: number;
  snippet: string;
}

/** Knowledge-base search with the classified intent as a prior. */
export interface ArticleSearch {
  search(query: string, options: { intent?: string | null; intentConfidence?: number; limit?: number; exclude?: string[] }): ArticleHit[];
  get(id: string): Article | undefined;
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
}
