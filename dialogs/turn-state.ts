import type { TurnContext } from 'botbuilder';
import type { MessageUnderstanding } from '../store/messages';
import type { MessageRole } from '../store/tables';

/** What the transcript middleware learned about the current turn. */
export interface TurnRecord {
  conversationId: string;
  customerId: string;
  /** The stored incoming message, when the turn is a message. */
  messageId?: number;
  /** True when the conversation already has its first intent (read with the conversation row). */
  hasFirstIntent?: boolean;
  /** What the NLU found in the message; stored with it when the turn completes. */
  understanding?: MessageUnderstanding;
}

const TURN_RECORD = Symbol('supportBot.turnRecord');
const OUTGOING_ROLE = Symbol('supportBot.outgoingRole');

/** Attaches the turn record (set by the transcript middleware). */
export function setTurnRecord(context: TurnContext, record: TurnRecord): void {
  context.turnState.set(TURN_RECORD, record);
}

/** The turn record, or undefined for turns outside a customer conversation (agents' channel). */
export function getTurnRecord(context: TurnContext): TurnRecord | undefined {
  return context.turnState.get(TURN_RECORD) as TurnRecord | undefined;
}

/** Marks messages sent during this turn as written by `role` (agent relay); default `bot`. */
export function setOutgoingRole(context: TurnContext, role: Exclude<MessageRole, 'customer'>): void {
  context.turnState.set(OUTGOING_ROLE, role);
}

/** The role recorded for messages sent during this turn. */
export function getOutgoingRole(context: TurnContext): Exclude<MessageRole, 'customer'> {
  return (context.turnState.get(OUTGOING_ROLE) as Exclude<MessageRole, 'customer'>) ?? 'bot';
}
