import type { DurationSummary } from './percentiles';

/** Survey figures: CSAT % = ratings of 4–5 ÷ ratings × 100; response rate = answered ÷ sent. */
export interface CsatStats {
  percent: number | null;
  ratings: number;
  surveysSent: number;
  responseRate: number | null;
  /** Share (%) of unrated ended conversations whose predicted rating is ≥ 3.5. */
  estimatedPercent: number | null;
  /** Mean absolute error of the satisfaction model on its held-out rated conversations. */
  modelMae: number | null;
}

/** Response time of customer questions, all and split by who answered. */
export interface ResponseTimeStats extends DurationSummary {
  questions: number;
  bot: DurationSummary & { questions: number };
  agent: DurationSummary & { questions: number };
}

/** Agent's first reply − handoff request, and tickets still waiting for a first agent reply. */
export interface FirstResponseStats extends DurationSummary {
  handoffs: number;
  /** Handoffs requested while the team was away (`BUSINESS_HOURS`): a ticket, no wait. */
  outOfHours: number;
  unattended: number;
}

/** Ticket resolved − ticket opened over tickets resolved in the window. */
export interface ResolutionStats extends DurationSummary {
  resolvedTickets: number;
  /** Tickets reopened in the window (a `reopened` ticket event). */
  reopened: number;
}

/** Outcome rates, fractions 0–1. */
export interface RateStats {
  deflection: number | null;
  botResolution: number | null;
  handoff: number | null;
  abandonment: number | null;
  kbHelpful: number | null;
  outOfScope: number | null;
}

/** Customer churn of one calendar month against the previous one. */
export interface ChurnMonth {
  month: string;
  activePrevious: number;
  churned: number;
  churnPercent: number | null;
  retentionPercent: number | null;
}

/** One customer segment of the latest k-means fit. */
export interface SegmentStats {
  id: number;
  label: string;
  size: number;
  atRisk: boolean;
  centroid: Record<string, number>;
}

/** Conversations per intent, channel or UTC day. */
export interface IntentCount {
  intent: string;
  conversations: number;
}
/** Conversations per channel. */
export interface ChannelCount {
  channel: string;
  conversations: number;
}
/** Conversations per language (`en`, `de`, `zh`). */
export interface LanguageCount {
  language: string;
  conversations: number;
}
/** Conversations started per UTC day (`YYYY-MM-DD`). */
export interface DayCount {
  day: string;
  conversations: number;
}

/** The whole `/admin/stats` answer (DESIGN.md, "Metric definitions"). */
export interface Stats {
  window: { from: string; to: string; channel: string | null };
  conversations: number;
  customers: number;
  messages: number;
  csat: CsatStats;
  responseTime: ResponseTimeStats;
  firstResponse: FirstResponseStats;
  resolution: ResolutionStats;
  rates: RateStats;
  churn: ChurnMonth[];
  segments: SegmentStats[];
  byIntent: IntentCount[];
  byChannel: ChannelCount[];
  byDay: DayCount[];
  byLanguage: LanguageCount[];
}
