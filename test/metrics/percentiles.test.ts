import { expect } from 'chai';
import fc from 'fast-check';
import type { Knex } from '../../store/db';
import { bucketRange } from '../../store/metrics/duration-histogram';
import { nearestRankOffset } from '../../store/metrics/percentiles';
import { computeResponseTime } from '../../store/metrics/response-time';
import type { StatsWindow } from '../../store/metrics/stats-window';
import { describeEachEngine, useMigratedDatabase } from '../helpers/databases';

const window: StatsWindow = { from: 1_000_000, to: 2_000_000, channel: null };

/** Nearest-rank percentile computed the obvious way, in memory. */
function expected(values: number[], percent: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil((percent * sorted.length) / 100) - 1];
}

describe('nearestRankOffset', () => {
  it('is rank ⌈p·n/100⌉ − 1 without floating-point drift', () => {
    expect(nearestRankOffset(90, 30)).to.equal(26); // 0.9 * 30 = 27.000000000000004 in floats
    expect(nearestRankOffset(50, 7)).to.equal(3);
    expect(nearestRankOffset(50, 1)).to.equal(0);
    expect(nearestRankOffset(90, 10)).to.equal(8);
  });
});

describe('bucketRange', () => {
  it('gives adjacent, non-overlapping ranges across the bucket width changes', () => {
    for (let b = 1; b < 2600; b++) expect(bucketRange(b).lo, `bucket ${b}`).to.equal(bucketRange(b - 1).hi);
    expect(bucketRange(0).lo).to.equal(null);
  });
});

describeEachEngine('computeResponseTime percentiles', (engine) => {
  let db: Knex;
  useMigratedDatabase(engine, async (opened) => {
    db = opened;
    await db('customers').insert({ id: 'c', channel_id: 'webchat', channel_user_id: 'u', created_at: 0, last_seen_at: 0 });
    await db('conversations').insert({
      id: 'k',
      channel_id: 'webchat',
      channel_conversation_id: 'k',
      customer_id: 'c',
      started_at: 0,
      last_activity_at: 0,
    });
  });

  it('equals the in-memory nearest rank for any set of durations, by histogram and by index walk', async () => {
    const duration = fc.oneof(
      fc.integer({ min: 0, max: 60 }),
      fc.integer({ min: 0, max: 15_000 }),
      fc.integer({ min: 0, max: 200_000_000 }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(duration, fc.boolean(), fc.integer({ min: 0, max: 1_500_000 })), { maxLength: 60 }),
        async (rows) => {
          await db('messages').delete();
          if (rows.length) {
            await db('messages').insert(
              rows.map(([ms, byBot, at]) => ({
                conversation_id: 'k',
                channel_id: 'webchat',
                direction: 'in',
                role: 'customer',
                created_at: at,
                response_ms: ms,
                answered_at: at + ms,
                answered_by: byBot ? 'bot' : 'agent',
              })),
            );
          }
          const inside = rows.filter(([, , at]) => at >= window.from && at < window.to);
          const all = inside.map(([ms]) => ms);
          const bot = inside.filter(([, b]) => b).map(([ms]) => ms);
          for (const indexWalkAbove of [Infinity, 0]) {
            const r = await computeResponseTime(db, window, { indexWalkAbove });
            expect([r.medianMs, r.p90Ms, r.bot.medianMs, r.bot.p90Ms]).to.deep.equal([
              expected(all, 50),
              expected(all, 90),
              expected(bot, 50),
              expected(bot, 90),
            ]);
            expect(r.questions).to.equal(all.length);
          }
        },
      ),
      { numRuns: 25, seed: 17 },
    );
  });
});
