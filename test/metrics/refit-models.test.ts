import { expect } from 'chai';
import { DAY_MS } from '../../common/time';
import type { Knex } from '../../store/db';
import { seedDemoHistory } from '../../store/demo/seed-demo-history';
import { computeStats } from '../../store/metrics/compute-stats';
import { ModelRefresher } from '../../bot/metrics/model-refresher';
import { refitMetricModels, type RefitResult } from '../../bot/metrics/refit-models';
import { isCustomerAtRisk } from '../../store/metrics/segment-summary';
import { describeEachEngine, useMigratedDatabase } from '../helpers/databases';

const NOW = Date.UTC(2026, 10, 20);

describeEachEngine('refitMetricModels', (engine) => {
  let db: Knex;
  let result: RefitResult;
  useMigratedDatabase(engine, async (opened) => {
    db = opened;
    await seedDemoHistory(db, { conversations: 600, days: 60, now: NOW, seed: 5 });
    result = await refitMetricModels(db, { now: NOW, satisfaction: { trees: 3 } });
  });

  it('estimates exactly the ended conversations without a rating', async () => {
    const unrated = (await db('conversations as c')
      .whereNotNull('c.ended_at')
      .whereNotExists(db('feedback as f').whereRaw('f.conversation_id = c.id').whereNotNull('f.rating'))
      .count({ n: '*' })
      .first()) as { n: number | string };
    const estimates = (await db('satisfaction_estimates').count({ n: '*' }).first()) as { n: number | string };
    expect(Number(estimates.n)).to.equal(Number(unrated.n)).and.to.be.above(0);
    expect(result.satisfaction?.estimated).to.equal(Number(unrated.n));
    const rated = (await db('satisfaction_estimates as e')
      .join('feedback as f', 'f.conversation_id', 'e.conversation_id')
      .whereNotNull('f.rating')
      .count({ n: '*' })
      .first()) as { n: number | string };
    expect(Number(rated.n)).to.equal(0);
  });

  it('reports the held-out error and the estimate in the stats', async () => {
    const stats = await computeStats(db, { from: NOW - 60 * DAY_MS, to: NOW, channel: null });
    expect(stats.csat.modelMae).to.equal(result.satisfaction?.mae);
    expect(stats.csat.modelMae).to.be.above(0).and.below(2);
    expect(stats.csat.estimatedPercent).to.be.within(0, 100);
    expect(result.satisfaction!.heldOutRows).to.be.above(0);
  });

  it('stores segments that cover every customer and writes customers.segment', async () => {
    const stats = await computeStats(db, { from: NOW - 60 * DAY_MS, to: NOW, channel: null });
    const customers = (await db('customers').count({ n: '*' }).first()) as { n: number | string };
    expect(stats.segments.reduce((s, x) => s + x.size, 0)).to.equal(Number(customers.n));
    const bySegment = (await db('customers').select('segment').count({ n: '*' }).groupBy('segment').orderBy('segment')) as Array<{
      segment: number | null;
      n: number | string;
    }>;
    expect(bySegment.map((r) => [r.segment, Number(r.n)])).to.deep.equal(
      stats.segments.map((s) => [s.id, s.size]).sort((a, b) => a[0] - b[0]),
    );
  });

  it('tells whether a customer is in an at-risk segment', async () => {
    const segments = (await computeStats(db, { from: NOW - DAY_MS, to: NOW, channel: null })).segments;
    const risky = segments.find((s) => s.atRisk);
    const calm = segments.find((s) => !s.atRisk);
    expect(risky, 'an at-risk segment').to.not.equal(undefined);
    const riskyCustomer = (await db('customers').where({ segment: risky!.id }).first('id')) as { id: string };
    const calmCustomer = (await db('customers').where({ segment: calm!.id }).first('id')) as { id: string };
    expect(await isCustomerAtRisk(db, riskyCustomer.id)).to.equal(true);
    expect(await isCustomerAtRisk(db, calmCustomer.id)).to.equal(false);
    expect(await isCustomerAtRisk(db, 'nobody')).to.equal(false);
  });
});

describeEachEngine('ModelRefresher', (engine) => {
  let db: Knex;
  useMigratedDatabase(engine, async (opened) => {
    db = opened;
    await seedDemoHistory(db, { conversations: 200, days: 30, now: NOW, seed: 6 });
  });

  describe('idle', () => {
    it('resolves only after the running and the queued refit have both finished', async () => {
      const refresher = new ModelRefresher(db, { satisfaction: { trees: 2 } });
      const finished: string[] = [];
      void refresher.refresh().then(() => finished.push('first'));
      void refresher.refresh().then(() => finished.push('queued'));
      await refresher.idle();
      expect(finished).to.deep.equal(['first', 'queued']);
      await refresher.idle();
    });
  });
});
