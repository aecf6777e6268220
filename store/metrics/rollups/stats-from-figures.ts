import { listDays, byCodePoint, UNCLASSIFIED } from '../breakdowns';
import type { EstimateFigures } from '../csat';
import type { DurationSummary } from '../percentiles';
import type { ChurnMonth, SegmentStats, Stats } from '../stats-types';
import { ratio, type StatsWindow } from '../stats-window';
import {
  DAILY_COLUMNS,
  FIRST_RESPONSE_METRIC,
  RESOLUTION_METRIC,
  RESPONSE_METRIC,
  type DailyColumn,
  type DurationCount,
  type Figures,
} from './day-figures';
import { percentilesOfBuckets } from './duration-buckets';

/** The figures of a window that are not sums over days, computed from raw rows over the whole window. */
export interface ExactFigures {
  customers: number;
  estimates: EstimateFigures;
  churn: ChurnMonth[];
  segments: SegmentStats[];
}

/** Count of the durations in `counts`, and their mean, median and p90. */
function summarise(counts: readonly DurationCount[]): { n: number; summary: DurationSummary } {
  let n = 0;
  let total = 0;
  for (const c of counts) {
    n += c.n;
    total += c.total;
  }
  const [medianMs, p90Ms] = percentilesOfBuckets(counts, [50, 90]);
  return { n, summary: { avgMs: n > 0 ? total / n : null, medianMs, p90Ms } };
}

function countBy<K>(items: Iterable<{ key: K; n: number }>): Map<K, number> {
  const out = new Map<K, number>();
  for (const { key, n } of items) out.set(key, (out.get(key) ?? 0) + n);
  return out;
}

/**
 * The whole `/admin/stats` answer from the additive figures of every part of the window (roll-ups
 * and raw edges together) and the exact non-additive ones: the same definitions as the raw
 * queries (compute-raw-stats.ts); percentiles from duration buckets, within 0.8 %.
 */
export function statsFromFigures(window: StatsWindow, figures: Figures, exact: ExactFigures): Omit<Stats, 'byLanguage'> {
  const sum = {} as Record<DailyColumn, number>;
  for (const c of DAILY_COLUMNS) sum[c] = figures.daily.reduce((n, row) => n + row[c], 0);
  const durations = (match: (metric: string) => boolean) => figures.durations.filter((d) => match(d.metric));
  const all = summarise(durations((m) => m.startsWith(RESPONSE_METRIC)));
  const bot = summarise(durations((m) => m === `${RESPONSE_METRIC}bot`));
  const agent = summarise(durations((m) => m === `${RESPONSE_METRIC}agent`));
  const resolution = summarise(durations((m) => m === RESOLUTION_METRIC));
  const byIntent = countBy(figures.intents.map((r) => ({ key: r.intent ?? UNCLASSIFIED, n: r.conversations })));
  const byChannel = countBy(figures.daily.map((r) => ({ key: r.channel, n: r.conversations })));
  const byDay = countBy(figures.daily.map((r) => ({ key: r.day, n: r.conversations })));
  return {
    window: { from: new Date(window.from).toISOString(), to: new Date(window.to).toISOString(), channel: window.channel },
    conversations: sum.conversations,
    customers: exact.customers,
    messages: sum.messages,
    csat: {
      percent: ratio(sum.satisfied, sum.ratings, 100),
      ratings: sum.ratings,
      surveysSent: sum.surveys_sent,
      responseRate: ratio(sum.ratings, sum.surveys_sent),
      ...exact.estimates,
    },
    responseTime: {
      questions: all.n,
      ...all.summary,
      bot: { questions: bot.n, ...bot.summary },
      agent: { questions: agent.n, ...agent.summary },
    },
    firstResponse: {
      handoffs: sum.handoffs,
      outOfHours: sum.out_of_hours,
      ...summarise(durations((m) => m === FIRST_RESPONSE_METRIC)).summary,
      unattended: sum.unattended,
    },
    resolution: { resolvedTickets: resolution.n, ...resolution.summary, reopened: sum.reopened },
    rates: {
      deflection: ratio(sum.deflected, sum.conversations),
      botResolution: ratio(sum.bot_resolved, sum.conversations),
      handoff: ratio(sum.handed_off, sum.conversations),
      abandonment: ratio(sum.abandoned, sum.handoffs),
      kbHelpful: ratio(sum.kb_helpful, sum.kb_votes),
      outOfScope: ratio(sum.out_of_scope, sum.conversations),
    },
    churn: exact.churn,
    segments: exact.segments,
    byIntent: [...byIntent]
      .filter(([, n]) => n > 0)
      .map(([intent, conversations]) => ({ intent, conversations }))
      .sort((a, b) => b.conversations - a.conversations || byCodePoint(a.intent, b.intent)),
    byChannel: [...byChannel]
      .filter(([, n]) => n > 0)
      .map(([channel, conversations]) => ({ channel, conversations }))
      .sort((a, b) => b.conversations - a.conversations || byCodePoint(a.channel, b.channel)),
    byDay: listDays(window, byDay),
  };
}
