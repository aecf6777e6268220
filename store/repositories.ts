import type { EndReason } from './conversations';
import type { KbVote, PendingSurvey, SurveyAnswer, SurveyKind, SurveySent } from './feedback';
import type { DbHandoffRow } from './handoffs';
import type { IncomingMessage, MessageClaim, MessageUnderstanding, OutgoingMessage } from './messages';
import type { CustomerExport } from './customer-export';
import type { DbCustomerEmailRow, EmailChange } from './customer-emails';
import type { ErasureReport } from './customer-erasure';
import type { Photo } from './photos';
import type { ExampleSuggestion } from './nlu-examples';
import type { ReviewSignal } from './nlu-review';
import type { PurgeReport } from './retention';
import type { DbConversationRow, DbMessageRow } from './tables';
import type { DbTicketEventRow, DbTicketRow, NewTicket, TicketChange, TicketStatus } from './tickets';
import type { CustomerTicketStatus } from './ticket-status';
import type { TimerRow } from './timers';

// The repositories the turn pipeline, the dialogs and the services depend on. Their knex
// implementations are in knex-repositories.ts; test/fakes has an in-memory one of each that
// the dialogs use, and test/store/repository-contracts.test.ts holds both to one contract.

/** Customer and bot messages: the claim on an incoming activity and the transcript. */
export interface MessageRepository {
  /** Stores an incoming message; the insert on its dedup key is the claim (see store/messages.ts). */
  claim(message: IncomingMessage, claimUntil: number): Promise<MessageClaim>;
  /** Takes over a released or expired claim, or reports the message's state. */
  retake(id: number, now: number, claimUntil: number): Promise<MessageClaim>;
  /** Extends a running turn's claim; false when it was handled or released meanwhile. */
  renew(id: number, claimUntil: number): Promise<boolean>;
  /** Gives up the claim of a failed turn. */
  release(id: number): Promise<void>;
  /** Marks the turn complete and stores what the NLU found. */
  markHandled(id: number, now: number, understanding?: MessageUnderstanding): Promise<void>;
  /** Stores a message the channel accepted, answering the customer's open questions. */
  storeOutgoing(message: OutgoingMessage): Promise<number>;
  /** A conversation's messages in order. */
  list(conversationId: string): Promise<DbMessageRow[]>;
  /** Stores the photos of a claimed customer message, once (a retried turn adds none); their ids. */
  storePhotos(messageId: number, conversationId: string, photos: Photo[], now: number): Promise<number[]>;
}

/** Conversation outcome flags read by the stats. */
export type ConversationFlags = Partial<Pick<DbConversationRow, 'handed_off' | 'resolved_by_bot' | 'out_of_scope'>>;

/** What a turn changes on its conversation. */
export interface ConversationRepository {
  flag(conversationId: string, flags: ConversationFlags): Promise<void>;
  /** Records the first classified intent (a later call keeps the first). */
  setFirstIntent(conversationId: string, intent: string): Promise<void>;
  /** Ends the conversation once; a later call keeps the first reason. */
  end(conversationId: string, reason: EndReason, now: number): Promise<void>;
  /** True for the one caller that should send the conversation's greeting. */
  claimGreeting(conversationId: string, now: number): Promise<boolean>;
  /** Gives the greeting claim back (the greeting could not be sent). */
  releaseGreeting(conversationId: string): Promise<void>;
}

/** A survey or KB vote, keyed so that a repeated click changes nothing. */
export interface FeedbackRepository {
  /** False when this survey was already sent in this conversation. */
  surveySent(s: SurveySent): Promise<boolean>;
  /** False when already answered, or when the survey is not this customer's. */
  surveyAnswered(a: SurveyAnswer): Promise<boolean>;
  /** The customer's latest survey sent at or after `since` and not answered yet. */
  pendingSurvey(customerId: string, since: number): Promise<PendingSurvey | undefined>;
  /** False for a repeated vote on the same article in the same conversation. */
  kbVoted(f: KbVote): Promise<boolean>;
  /** True when this survey was already sent in this conversation. */
  wasSurveySent(conversationId: string, kind: SurveyKind): Promise<boolean>;
  /** True when the survey was sent to this customer and awaits the answer. */
  awaitsSurveyAnswer(conversationId: string, customerId: string, kind: SurveyKind): Promise<boolean>;
  /** True when the conversation already voted on the article. */
  hasKbVote(conversationId: string, articleId: string): Promise<boolean>;
}

/** What the dialogs know of a customer. */
export interface CustomerRepository {
  /** True when the customer's segment is labelled at risk (raises ticket priority). */
  isAtRisk(customerId: string): Promise<boolean>;
  /** The customer's email follow-up (offered, being confirmed, consented or declined), if any. */
  emailFollowUp(customerId: string): Promise<DbCustomerEmailRow | undefined>;
  /** Applies the customer's answer to the email offer (idempotent). */
  changeEmail(change: EmailChange): Promise<void>;
}

/** Handoffs as the turn pipeline sees them. */
export interface HandoffRepository {
  /** The waiting or assigned handoff of a conversation. */
  liveOf(conversationId: string): Promise<DbHandoffRow | undefined>;
  /** Assigns a handoff to an agent; exactly one of concurrent claims wins. */
  claim(id: number, agentId: string, now: number): Promise<boolean>;
}

/** Durable timers: each due timer fires on exactly one instance. */
export interface TimerRepository {
  schedule(t: { kind: string; key: string; dueAt: number; payload?: unknown }): Promise<void>;
  cancel(kind: string, key: string): Promise<void>;
  claimDue(owner: string, now: number, leaseMs: number, limit?: number): Promise<TimerRow[]>;
  complete(timer: TimerRow, owner: string): Promise<void>;
}

/** Tickets and their event log. */
export interface TicketRepository {
  /** Opens a ticket and records its `opened` event; a repeated source key returns the first ticket (`created` false). */
  open(t: NewTicket): Promise<{ ticket: DbTicketRow; created: boolean }>;
  /** A ticket by id; NotFoundError when there is none. */
  get(id: number): Promise<DbTicketRow>;
  /**
   * Moves a ticket from one of `from` to `to` and records the event; ConflictError when it is in
   * another status or the lifecycle (store/ticket-transitions.ts) forbids the move. Returns the old status.
   */
  transition(id: number, from: TicketStatus[], to: TicketStatus, change: TicketChange): Promise<TicketStatus>;
  /** Moves a ticket to `to` from any status the lifecycle allows; returns the old status. */
  setStatus(id: number, to: TicketStatus, change: TicketChange): Promise<TicketStatus>;
  /** The customer's most recent ticket in one of `statuses`. */
  latestOf(customerId: string, statuses: TicketStatus[]): Promise<DbTicketRow | undefined>;
  /** Ids of tickets resolved before `cutoff` and still resolved, oldest first. */
  resolvedBefore(cutoff: number, limit?: number): Promise<number[]>;
  /** Appends to a ticket's event log. */
  addEvent(ticketId: number, type: string, actor: string | null, data: unknown, now: number): Promise<void>;
  /** A ticket's events in order. */
  events(ticketId: number): Promise<DbTicketEventRow[]>;
  /** Records the first agent reply (a later call keeps the first). */
  markFirstAgentReply(id: number, now: number): Promise<void>;
  /** Open and assigned tickets, most urgent and oldest first. */
  listActive(limit?: number): Promise<DbTicketRow[]>;
}

/** Data-access and erasure requests, and the retention purge. */
export interface PrivacyRepository {
  /** Everything held about a customer; NotFoundError for an unknown one. */
  export(customerId: string): Promise<CustomerExport>;
  /** Deletes a customer's personal data and anonymises what the metrics keep (see store/customer-erasure.ts). */
  erase(customerId: string, now: number): Promise<ErasureReport>;
  /** Removes what customers wrote once older than `retentionDays`, keeping the rows (see store/retention.ts). */
  purgeOldText(retentionDays: number, now: number): Promise<PurgeReport>;
}

/** What a customer may learn about their own tickets. */
export interface TicketStatusRepository {
  /** The customer's latest ticket (an unresolved one first) with our team's latest reply on it. */
  latestOf(customerId: string): Promise<CustomerTicketStatus | undefined>;
}

/** Failed order lookups, counted per key (a customer, a client IP) over the last hour. */
export interface OrderLookupFailureRepository {
  /** The most failures any of `keys` had in the hour before `now`. */
  failures(keys: readonly string[], now: number): Promise<number>;
  /** Counts one failure for each of `keys`. */
  recordFailure(keys: readonly string[], now: number): Promise<void>;
}

/** What conversations teach the NLU: the review queue and customers' suggested examples. */
export interface LearningRepository {
  /** Puts a message in the review queue for a reason; a repeated signal changes nothing. */
  flagForReview(signal: ReviewSignal): Promise<void>;
  /** Stores a suggested example within the customer's daily cap; false when dropped or repeated. */
  suggest(suggestion: ExampleSuggestion): Promise<boolean>;
}

/** Everything the customer dialog reads and writes. */
export interface DialogRepositories {
  conversations: ConversationRepository;
  feedback: FeedbackRepository;
  customers: CustomerRepository;
  ticketStatus: TicketStatusRepository;
  orderLookups: OrderLookupFailureRepository;
  learning: LearningRepository;
}

/** All repositories of one database. */
export interface Repositories extends DialogRepositories {
  messages: MessageRepository;
  handoffs: HandoffRepository;
  timers: TimerRepository;
  tickets: TicketRepository;
  privacy: PrivacyRepository;
}
