import { expect } from 'chai';
import {
  NIGHTLY_REFIT_TIMER,
  STATS_ROLLUP_TIMER,
  TICKET_AUTOCLOSE_TIMER,
  startBackgroundJobs,
  type BackgroundJobsDeps,
} from '../../bot/background-jobs';
import { loadConfig } from '../../bot/config';
import { DAY_MS, MINUTE_MS } from '../../common/time';
import { createLogger } from '../../bot/logger';
import type { RefitResult } from '../../bot/metrics/refit-models';
import type { Knex } from '../../store/db';
import { describeEachEngine, useMigratedDatabase } from '../helpers/databases';

/** A refresher whose refits finish only when the test says so. */
class GatedRefresher {
  refreshes = 0;
  private release!: () => void;
  private readonly gate = new Promise<void>((resolve) => (this.release = resolve));

  refresh(): Promise<RefitResult> {
    this.refreshes++;
    return this.gate.then(() => ({ satisfaction: null, segments: null }));
  }

  idle(): Promise<void> {
    return this.gate;
  }

  finish(): void {
    this.release();
  }
}

describeEachEngine('startBackgroundJobs', (engine) => {
  let db: Knex;
  useMigratedDatabase(engine, (opened) => {
    db = opened;
  });

  const deps = (refresher: GatedRefresher): BackgroundJobsDeps => ({
    db,
    config: loadConfig({ RETENTION_DAYS: '30' }),
    logger: createLogger('silent'),
    knowledgeBase: { refreshIfChanged: async () => false },
    refresher,
    tickets: { autoclose: async () => 0 },
    retrainer: { startIfDue: async () => undefined },
    timerHandlers: {},
  });

  const timers = async () =>
    (await db('timers').orderBy('kind').select('kind', 'key', 'due_at')) as Array<{ kind: string; key: string; due_at: number | string }>;

  it('keeps one durable timer per recurring job, which a restart does not move', async () => {
    const first = new GatedRefresher();
    first.finish();
    const jobs = await startBackgroundJobs(deps(first));
    await jobs.stop();
    const before = await timers();
    expect(before.map((t) => t.kind)).to.deep.equal([
      'idle-sweep',
      NIGHTLY_REFIT_TIMER,
      'retention-purge',
      STATS_ROLLUP_TIMER,
      TICKET_AUTOCLOSE_TIMER,
    ]);

    const second = new GatedRefresher();
    second.finish();
    await (await startBackgroundJobs(deps(second))).stop();
    expect(await timers()).to.deep.equal(before);
  });

  it('rolls up the stats of closed days when its timer fires', async () => {
    const started = Date.now() - 3 * DAY_MS;
    await db('customers').insert({
      id: 'webchat:jobs',
      channel_id: 'webchat',
      channel_user_id: 'jobs',
      created_at: started,
      last_seen_at: started,
    });
    await db('conversations').insert({
      id: 'jobs-1',
      channel_id: 'webchat',
      channel_conversation_id: 'jobs-1',
      customer_id: 'webchat:jobs',
      started_at: started,
      last_activity_at: started,
    });
    const refresher = new GatedRefresher();
    refresher.finish();
    const jobs = await startBackgroundJobs(deps(refresher));
    try {
      await jobs.scheduler.tick(Date.now() + 2 * MINUTE_MS);
      const day = Math.floor(started / DAY_MS);
      expect(await db('stats_rollup_days').where({ day }).first()).to.not.equal(undefined);
      expect(await db('stats_daily').where({ day, channel_id: 'webchat' }).first('conversations')).to.deep.equal({ conversations: 1 });
    } finally {
      await jobs.stop();
    }
  });

  it('refits at start, and stop() resolves only once that refit has finished', async () => {
    const refresher = new GatedRefresher();
    const jobs = await startBackgroundJobs(deps(refresher));
    expect(refresher.refreshes).to.equal(1);
    let stopped = false;
    const stopping = jobs.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stopped, 'stopped while the refit still ran').to.equal(false);
    refresher.finish();
    await stopping;
    expect(stopped).to.equal(true);
  });
});
