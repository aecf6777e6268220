import type { EndReason } from '../../store/conversations';
import type { KbVote, PendingSurvey, SurveyAnswer, SurveyKind, SurveySent } from '../../store/feedback';
import type { DbCustomerEmailRow, EmailChange } from '../../store/customer-emails';
import type {
  ConversationFlags,
  ConversationRepository,
  CustomerRepository,
  DialogRepositories,
  FeedbackRepository,
  LearningRepository,
  TicketStatusRepository,
  OrderLookupFailureRepository,
} from '../../store/repositories';
import { SUGGESTIONS_PER_CUSTOMER_PER_DAY, type ExampleSuggestion } from '../../store/nlu-examples';
import type { ReviewSignal } from '../../store/nlu-review';
import { DAY_MS } from '../../common/time';
import type { CustomerTicketStatus } from '../../store/ticket-status';
import { HOUR_MS } from '../../common/time';

/** In-memory conversations: flags, first intent and end, as the knex repository keeps them. */
export class MemoryConversations implements ConversationRepository {
  readonly flags = new Map<string, ConversationFlags>();
  readonly firstIntents = new Map<string, string>();
  readonly ended = new Map<string, { reason: EndReason; at: number }>();
  readonly greeted = new Map<string, number>();

  async flag(conversationId: string, flags: ConversationFlags): Promise<void> {
    this.flags.set(conversationId, { ...this.flags.get(conversationId), ...flags });
  }
  async setFirstIntent(conversationId: string, intent: string): Promise<void> {
    if (!this.firstIntents.has(conversationId)) this.firstIntents.set(conversationId, intent);
  }
  async end(conversationId: string, reason: EndReason, now: number): Promise<void> {
    if (!this.ended.has(conversationId)) this.ended.set(conversationId, { reason, at: now });
  }
  async claimGreeting(conversationId: string, now: number): Promise<boolean> {
    if (this.greeted.has(conversationId)) return false;
    this.greeted.set(conversationId, now);
    return true;
  }
  async releaseGreeting(conversationId: string): Promise<void> {
    this.greeted.delete(conversationId);
  }
}

interface MemorySurvey {
  customerId: string;
  channelId: string;
  sentAt: number;
  rating?: number;
  comment?: string | null;
  sentiment?: number | null;
}

/** In-memory surveys and KB votes, each once per key like the unique indexes. */
export class MemoryFeedback implements FeedbackRepository {
  readonly surveys = new Map<string, MemorySurvey>();
  readonly kbVotes = new Map<string, boolean>();

  async surveySent(s: SurveySent): Promise<boolean> {
    const key = `${s.conversationId}|${s.kind}`;
    if (this.surveys.has(key)) return false;
    this.surveys.set(key, { customerId: s.customerId, channelId: s.channelId, sentAt: s.now });
    return true;
  }
  async pendingSurvey(customerId: string, since: number): Promise<PendingSurvey | undefined> {
    // Map order is insertion order, so the last match is the latest survey sent.
    let pending: PendingSurvey | undefined;
    for (const [key, survey] of this.surveys) {
      if (survey.customerId !== customerId || survey.rating !== undefined || survey.sentAt < since) continue;
      const [conversationId, kind] = key.split('|') as [string, SurveyKind];
      pending = { conversationId, kind };
    }
    return pending;
  }
  async surveyAnswered(a: SurveyAnswer): Promise<boolean> {
    const survey = this.surveys.get(`${a.conversationId}|${a.kind}`);
    if (!survey || survey.customerId !== a.customerId || survey.rating !== undefined) return false;
    Object.assign(survey, { rating: a.rating, comment: a.comment, sentiment: a.sentiment });
    return true;
  }
  async wasSurveySent(conversationId: string, kind: SurveyKind): Promise<boolean> {
    return this.surveys.has(`${conversationId}|${kind}`);
  }
  async awaitsSurveyAnswer(conversationId: string, customerId: string, kind: SurveyKind): Promise<boolean> {
    const survey = this.surveys.get(`${conversationId}|${kind}`);
    return survey !== undefined && survey.customerId === customerId && survey.rating === undefined;
  }
  async hasKbVote(conversationId: string, articleId: string): Promise<boolean> {
    return this.kbVotes.has(`${conversationId}|${articleId}`);
  }
  async kbVoted(f: KbVote): Promise<boolean> {
    const key = `${f.conversationId}|${f.articleId}`;
    if (this.kbVotes.has(key)) return false;
    this.kbVotes.set(key, f.helpful);
    return true;
  }
}

/** Customers with a settable at-risk flag and email follow-up. */
export class MemoryCustomers implements CustomerRepository {
  readonly atRisk = new Set<string>();
  readonly emails = new Map<string, DbCustomerEmailRow>();
  async isAtRisk(customerId: string): Promise<boolean> {
    return this.atRisk.has(customerId);
  }
  async emailFollowUp(customerId: string): Promise<DbCustomerEmailRow | undefined> {
    return this.emails.get(customerId);
  }
  async changeEmail(change: EmailChange): Promise<void> {
    const row = this.emails.get(change.customerId);
    if (!row) return;
    const open = row.status === 'offered' || row.status === 'confirming';
    if (change.op === 'propose' && open) Object.assign(row, { status: 'confirming', email: change.email, updated_at: change.now });
    if (change.op === 'consent' && row.status === 'confirming')
      Object.assign(row, { status: 'consented', consented_at: change.now, updated_at: change.now });
    if (change.op === 'decline' && open)
      Object.assign(row, { status: 'declined', email: null, consented_at: null, updated_at: change.now });
  }
}

/** Customers' latest tickets, as a test sets them. */
export class MemoryTicketStatus implements TicketStatusRepository {
  readonly latest = new Map<string, CustomerTicketStatus>();
  async latestOf(customerId: string): Promise<CustomerTicketStatus | undefined> {
    return this.latest.get(customerId);
  }
}

/** Failed order lookups with their times, per key. */
export class MemoryOrderLookups implements OrderLookupFailureRepository {
  readonly failed = new Map<string, number[]>();
  async failures(keys: readonly string[], now: number): Promise<number> {
    return Math.max(0, ...keys.map((k) => (this.failed.get(k) ?? []).filter((at) => at > now - HOUR_MS).length));
  }
  async recordFailure(keys: readonly string[], now: number): Promise<void> {
    for (const k of keys) this.failed.set(k, [...(this.failed.get(k) ?? []), now]);
  }
}

/** The review queue and suggested examples, as the knex repository keeps them (without redaction). */
export class MemoryLearning implements LearningRepository {
  readonly review: ReviewSignal[] = [];
  readonly suggestions: ExampleSuggestion[] = [];
  async flagForReview(signal: ReviewSignal): Promise<void> {
    if (!this.review.some((r) => r.messageId === signal.messageId && r.reason === signal.reason)) this.review.push(signal);
  }
  async suggest(s: ExampleSuggestion): Promise<boolean> {
    const today = this.suggestions.filter((x) => x.customerId === s.customerId && x.now > s.now - DAY_MS);
    const repeated = this.suggestions.some((x) => x.messageId === s.messageId && x.source === s.source);
    if (repeated || today.length >= SUGGESTIONS_PER_CUSTOMER_PER_DAY) return false;
    this.suggestions.push(s);
    return true;
  }
}

/** The repositories the customer dialog uses, in memory. */
export function memoryDialogRepositories(): DialogRepositories & {
  conversations: MemoryConversations;
  feedback: MemoryFeedback;
  customers: MemoryCustomers;
  ticketStatus: MemoryTicketStatus;
  orderLookups: MemoryOrderLookups;
  learning: MemoryLearning;
} {
  return {
    conversations: new MemoryConversations(),
    feedback: new MemoryFeedback(),
    customers: new MemoryCustomers(),
    ticketStatus: new MemoryTicketStatus(),
    orderLookups: new MemoryOrderLookups(),
    learning: new MemoryLearning(),
  };
}
