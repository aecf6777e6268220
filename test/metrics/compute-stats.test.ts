import { expect } from 'chai';
import type { Knex } from '../../store/db';
import { computeStats } from '../../store/metrics/compute-stats';
import { writeModelSummary } from '../../store/metrics/model-summaries';
import type { StatsWindow } from '../../store/metrics/stats-window';
import { describeEachEngine, useMigratedDatabase } from '../helpers/databases';
import { insertHistory, T, utc } from './history-fixture';

const october: StatsWindow = { from: utc(10, 1), to: utc(11, 1), channel: null };

/**
 * Checks a duration summary: counts and the mean exactly, median and p90 within 1 % (they are
 * read from duration buckets, store/metrics/rollups/duration-buckets.ts).
 */
function expectSummary(actual: object, expected: Record<string, number | null>): void {
  const got = actual as Record<string, unknown>;
  for (const [key, value] of Object.entries(expected)) {
    if ((key === 'medianMs' || key === 'p90Ms') && value !== null) expect(got[key], key).to.be.closeTo(value, value / 100);
    else if (key === 'avgMs' && value !== null) expect(got[key], key).to.be.closeTo(value, 1e-9);
    else expect(got[key], key).to.equal(value);
  }
}

describeEachEngine('computeStats', (engine) => {
  let db: Knex;
  useMigratedDatabase(engine, async (opened) => {
    db = opened;
    await insertHistory(db);
  });

  describe('volume', () => {
    it('counts conversations started from the first to before the last millisecond of the window', async () => {
      const s = await computeStats(db, october);
      // A (first ms), B, C, D, E (last ms); F starts exactly at `to`, G and H in September.
      expect(s.conversations).to.equal(5);
      expect(s.customers).to.equal(4);
      // A 4 + B 6 + C 3 + D 1 + E's question (its reply falls after `to`).
      expect(s.messages).to.equal(15);
      expect(s.window).to.deep.equal({ from: '2026-10-01T00:00:00.000Z', to: '2026-11-01T00:00:00.000Z', channel: null });
    });

    it('drops the first conversation when the window starts one millisecond later', async () => {
      const s = await computeStats(db, { ...october, from: T.A + 1 });
      expect(s.conversations).to.equal(4);
      expect(s.byIntent.find((i) => i.intent === 'track_order')?.conversations).to.equal(1);
    });
  });

  describe('csat', () => {
    it('divides 4–5 ratings by ratings and answered by sent surveys, ignoring surveys outside', async () => {
      const { csat } = await computeStats(db, october);
      // Sent in October: A (5), B (2), C (unanswered).
      expect(csat).to.include({ ratings: 2, surveysSent: 3, percent: 50 });
      expect(csat.responseRate).to.be.closeTo(2 / 3, 1e-12);
    });

    it('reports no estimate and no model error before the model was fitted', async () => {
      const { csat } = await computeStats(db, october);
      expect(csat.estimatedPercent).to.equal(null);
      expect(csat.modelMae).to.equal(null);
    });

    it('counts predicted ratings of at least 3.5 as satisfied among the window’s estimates', async () => {
      await db('satisfaction_estimates').insert([
        { conversation_id: 'C', channel_id: 'webchat', started_at: T.C, predicted_rating: 3.5, fitted_at: 1 },
        { conversation_id: 'E', channel_id: 'webchat', started_at: T.E, predicted_rating: 3.4, fitted_at: 1 },
        { conversation_id: 'F', channel_id: 'webchat', started_at: T.F, predicted_rating: 5, fitted_at: 1 },
      ]);
      await writeModelSummary(db, 'satisfaction', { mae: 0.8, trainRows: 8, heldOutRows: 2, estimated: 3, fittedAt: 1 }, 1);
      try {
        const { csat } = await computeStats(db, october);
        expect(csat.estimatedPercent).to.equal(50);
        expect(csat.modelMae).to.equal(0.8);
      } finally {
        await db('satisfaction_estimates').delete();
        await db('metric_models').delete();
      }
    });
  });

  describe('responseTime', () => {
    it('averages, and takes nearest-rank median and p90 of, answered questions of the window', async () => {
      const { responseTime } = await computeStats(db, october);
      // Sorted: 1000 2000 3000 4000 5000 10000 30000 → median rank ⌈3.5⌉ = 4, p90 rank ⌈6.3⌉ = 7.
      expect(responseTime.questions).to.equal(7);
      expect(responseTime.avgMs).to.be.closeTo(55_000 / 7, 1e-9);
      expectSummary(responseTime, { avgMs: 55_000 / 7, medianMs: 4000, p90Ms: 30_000 });
      expectSummary(responseTime.bot, { questions: 5, avgMs: 3000, medianMs: 3000, p90Ms: 5000 });
      expectSummary(responseTime.agent, { questions: 2, avgMs: 20_000, medianMs: 10_000, p90Ms: 30_000 });
    });

    it('gives nulls for a responder with no answered question in the window', async () => {
      const { responseTime } = await computeStats(db, { ...october, channel: 'webchat' });
      expectSummary(responseTime.bot, { questions: 4, avgMs: 3250, medianMs: 3000, p90Ms: 5000 });
      expect(responseTime.agent).to.deep.equal({ questions: 0, avgMs: null, medianMs: null, p90Ms: null });
    });
  });

  describe('firstResponse', () => {
    it('measures agent reply − handoff request and counts tickets still without an agent reply', async () => {
      const { firstResponse } = await computeStats(db, october);
      // B 40 s, D 15 s; E was abandoned without a reply; F's handoff is in November.
      expectSummary(firstResponse, { handoffs: 3, outOfHours: 0, avgMs: 27_500, medianMs: 15_000, p90Ms: 40_000, unattended: 2 });
    });
  });

  describe('resolution', () => {
    it('counts tickets resolved in the window, not the reopened one, from their opening', async () => {
      const { resolution } = await computeStats(db, october);
      const b = 3_600_000 - 50_000;
      const g = utc(10, 2) - T.G;
      expectSummary(resolution, { resolvedTickets: 2, avgMs: (b + g) / 2, medianMs: b, p90Ms: g, reopened: 1 });
    });
  });

  describe('rates', () => {
    it('computes the outcome rates as fractions of their own denominators', async () => {
      const { rates } = await computeStats(db, october);
      expect(rates.deflection).to.equal(2 / 5); // A and C ended without handoff; D is still open
      expect(rates.botResolution).to.equal(1 / 5); // A
      expect(rates.handoff).to.equal(3 / 5); // B, D, E
      expect(rates.outOfScope).to.equal(1 / 5); // C
      expect(rates.abandonment).to.equal(1 / 3); // E of B, D, E
      expect(rates.kbHelpful).to.equal(1 / 3); // A yes; C no twice
    });
  });

  describe('churn', () => {
    it('compares each month of the window with the previous calendar month', async () => {
      const { churn } = await computeStats(db, { from: utc(9, 10), to: utc(11, 2), channel: null });
      expect(churn).to.deep.equal([
        { month: '2026-09', activePrevious: 0, churned: 0, churnPercent: null, retentionPercent: null },
        // September: c3, c5; October: c3 came back, c5 did not.
        { month: '2026-10', activePrevious: 2, churned: 1, churnPercent: 50, retentionPercent: 50 },
        // October: c1–c4; November up to the window's end: only c2.
        { month: '2026-11', activePrevious: 4, churned: 3, churnPercent: 75, retentionPercent: 25 },
      ]);
    });
  });

  describe('breakdowns', () => {
    it('lists conversations by intent, channel and UTC day', async () => {
      const s = await computeStats(db, october);
      expect(s.byIntent).to.deep.equal([
        { intent: 'track_order', conversations: 2 },
        { intent: '(none)', conversations: 1 },
        { intent: 'complaint', conversations: 1 },
        { intent: 'contact_human_agent', conversations: 1 },
      ]);
      expect(s.byChannel).to.deep.equal([
        { channel: 'webchat', conversations: 3 },
        { channel: 'directline', conversations: 1 },
        { channel: 'msteams', conversations: 1 },
      ]);
      expect(s.byDay).to.have.length(31);
      expect(s.byDay[0]).to.deep.equal({ day: '2026-10-01', conversations: 1 });
      expect(s.byDay[4]).to.deep.equal({ day: '2026-10-05', conversations: 1 });
      expect(s.byDay[30]).to.deep.equal({ day: '2026-10-31', conversations: 1 });
      expect(s.byDay.reduce((sum, d) => sum + d.conversations, 0)).to.equal(5);
    });
  });

  describe('channel filter', () => {
    it('keeps only the channel’s conversations, customers and surveys', async () => {
      const s = await computeStats(db, { ...october, channel: 'webchat' });
      expect(s).to.include({ conversations: 3, customers: 3 });
      expect(s.csat).to.include({ surveysSent: 2, ratings: 1, percent: 100, responseRate: 0.5 });
      expect(s.firstResponse).to.deep.equal({ handoffs: 1, outOfHours: 0, avgMs: null, medianMs: null, p90Ms: null, unattended: 2 });
    });
  });

  describe('empty window', () => {
    it('gives zero counts and null figures, never NaN', async () => {
      const s = await computeStats(db, { from: Date.UTC(2025, 0, 1), to: Date.UTC(2025, 1, 1), channel: null });
      expect(JSON.stringify(s)).not.to.include('NaN');
      expect(s).to.include({ conversations: 0, customers: 0, messages: 0 });
      expect(s.csat).to.deep.equal({
        percent: null,
        ratings: 0,
        surveysSent: 0,
        responseRate: null,
        estimatedPercent: null,
        modelMae: null,
      });
      expect(s.responseTime).to.include({ questions: 0, avgMs: null, medianMs: null, p90Ms: null });
      expect(s.resolution).to.deep.equal({ resolvedTickets: 0, avgMs: null, medianMs: null, p90Ms: null, reopened: 0 });
      expect(Object.values(s.rates)).to.deep.equal([null, null, null, null, null, null]);
      expect(s.churn).to.deep.equal([{ month: '2025-01', activePrevious: 0, churned: 0, churnPercent: null, retentionPercent: null }]);
      expect(s.byIntent).to.deep.equal([]);
      expect(s.byDay).to.have.length(31);
    });
  });
});
