import type { EndReason } from '../../store/conversations';
import type { KbVote, PendingSurvey, SurveyAnswer, SurveyKind, SurveySent } from '../../store/feedback';
import type {
  ConversationFlags,
  ConversationRepository,
  CustomerRepository,
  DialogRepositories,
  FeedbackRepository,
  LearningRepository,
  TicketStatusRepository,
} from '../../store/repositories';
import { SUGGESTIONS_PER_CUSTOMER_PER_DAY, type ExampleSuggestion } from '../../store/nlu-examples';
import type { ReviewSignal } from '../../store/nlu-review';
import { DAY_MS } from '../../common/time';
import type { CustomerTicketStatus } from '../../store/ticket-status';

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

/** Customers with a settable at-risk flag. */
export class MemoryCustomers implements CustomerRepository {
  readonly atRisk = new Set<string>();
  async isAtRisk(customerId: string): Promise<boolean> {
    return this.atRisk.has(customerId);
  }
}

/** Customers' latest tickets, as a test sets them. */
export class MemoryTicketStatus implements TicketStatusRepository {
  readonly latest = new Map<string, CustomerTicketStatus>();
  async latestOf(customerId: string): Promise<CustomerTicketStatus | undefined> {
    return this.latest.get(customerId);
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
  learning: MemoryLearning;
} {
  return {
    conversations: new MemoryConversations(),
    feedback: new MemoryFeedback(),
    customers: new MemoryCustomers(),
    ticketStatus: new MemoryTicketStatus(),
    learning: new MemoryLearning(),
  };
}
