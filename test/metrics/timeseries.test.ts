import { expect } from 'chai';
import type { Knex } from '../../store/db';
import type { StatsWindow } from '../../store/metrics/stats-window';
import { bucketOf, computeTimeseries } from '../../store/metrics/timeseries';
import { describeEachEngine, useMigratedDatabase } from '../helpers/databases';
import { insertHistory, utc } from './history-fixture';

const october: StatsWindow = { from: utc(10, 1), to: utc(11, 1), channel: null };

describe('bucketOf', () => {
  it('starts weeks on Monday 00:00 UTC', () => {
    // 2026-10-05 is a Monday; the Sunday before belongs to the previous week.
    expect(bucketOf(utc(10, 5), 'week')).to.equal(bucketOf(utc(10, 11, 23, 59), 'week'));
    expect(bucketOf(utc(10, 4, 23, 59), 'week')).to.equal(bucketOf(utc(10, 5), 'week') - 1);
  });
});

describeEachEngine('computeTimeseries', (engine) => {
  let db: Knex;
  useMigratedDatabase(engine, async (opened) => {
    db = opened;
    await insertHistory(db);
  });

  it('lists every ISO week of the window with its conversations', async () => {
    const points = await computeTimeseries(db, october, 'conversations', 'week');
    expect(points).to.deep.equal([
      { start: '2026-09-28', value: 1 }, // A (Thu 1 Oct)
      { start: '2026-10-05', value: 2 }, // B (Mon 5), C (Sat 10)
      { start: '2026-10-12', value: 0 },
      { start: '2026-10-19', value: 1 }, // D
      { start: '2026-10-26', value: 1 }, // E
    ]);
  });

  it('gives a rate per day and null on days without its denominator', async () => {
    const points = await computeTimeseries(db, october, 'csat', 'day');
    expect(points).to.have.length(31);
    expect(points[0]).to.deep.equal({ start: '2026-10-01', value: 100 });
    expect(points[4]).to.deep.equal({ start: '2026-10-05', value: 0 });
    expect(points[9]).to.deep.equal({ start: '2026-10-10', value: null }); // a survey sent, none answered
    expect(points[1].value).to.equal(null);
  });

  it('averages response times per bucket like /admin/stats does', async () => {
    const points = await computeTimeseries(db, october, 'avgResponseMs', 'week');
    expect(points.map((p) => p.value)).to.deep.equal([2000, (2000 + 30_000 + 10_000 + 5000) / 4, null, null, 4000]);
  });

  it('applies the channel filter through the conversation for handoff figures', async () => {
    const all = await computeTimeseries(db, october, 'abandonment', 'week');
    const teams = await computeTimeseries(db, { ...october, channel: 'msteams' }, 'abandonment', 'week');
    expect(all.map((p) => p.value)).to.deep.equal([null, 0, null, 0, 1]);
    expect(teams.map((p) => p.value)).to.deep.equal([null, 0, null, null, null]);
  });
});
