import type { Knex } from 'knex';
import { conversationsByChannel, conversationsByIntent, conversationsByDay } from './breakdowns';
import { conversationsByLanguage } from './by-language';
import { computeChurn } from './churn';
import { computeCsat } from './csat';
import { computeFirstResponse } from './first-response';
import { computeRates } from './rates';
import { computeResolution } from './resolution';
import { computeResponseTime } from './response-time';
import { readSegments } from './segment-summary';
import type { Stats } from './stats-types';
import type { StatsWindow } from './stats-window';
import { countConversations, countMessages } from './volume';

/**
 * Every figure of `/admin/stats` for one window, each computed by its own SQL query over the
 * source tables (no roll-ups): the reference the roll-up path (compute-stats.ts) is tested against.
 */
export async function computeRawStats(db: Knex, window: StatsWindow): Promise<Stats> {
  const counts = await countConversations(db, window);
  const [messages, csat, responseTime, firstResponse, resolution, rates, churn, segments, byIntent, byChannel, byDay, byLanguage] =
    await Promise.all([
      countMessages(db, window),
      computeCsat(db, window),
      computeResponseTime(db, window),
      computeFirstResponse(db, window),
      computeResolution(db, window),
      computeRates(db, window, counts),
      computeChurn(db, window),
      readSegments(db),
      conversationsByIntent(db, window),
      conversationsByChannel(db, window),
      conversationsByDay(db, window),
      conversationsByLanguage(db, window),
    ]);
  return {
    window: {
      from: new Date(window.from).toISOString(),
      to: new Date(window.to).toISOString(),
      channel: window.channel,
    },
    conversations: counts.conversations,
    customers: counts.customers,
    messages,
    csat,
    responseTime,
    firstResponse,
    resolution,
    rates,
    churn,
    segments,
    byIntent,
    byChannel,
    byDay,
    byLanguage,
  };
}
