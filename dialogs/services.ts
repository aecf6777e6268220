import type { TurnContext } from 'botbuilder';
import type { Knex } from 'knex';
import type { DbHandoffRow } from '../store/handoffs';
import type { AgentRequest, ArticleSearch, Understander } from './ports';

/** The agent side of a handoff, as the customer dialog needs it (implemented in bot/handoff). */
export interface AgentDesk {
  /** Opens a ticket, tells the customer what happens next, and queues them for an agent. */
  requestAgent(context: TurnContext, request: AgentRequest): Promise<void>;
  /** A customer message during a live handoff: relayed to the agent, or a waiting notice. */
  onCustomerMessage(context: TurnContext, handoff: DbHandoffRow): Promise<void>;
}

/** Minimal logger the dialogs use. */
export interface DialogLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

/** Everything the customer dialog works with. */
export interface DialogServices {
  db: Knex;
  nlu: Understander;
  kb: ArticleSearch;
  desk: AgentDesk;
  logger: DialogLogger;
}
