import { expect } from 'chai';
import type { Knex } from '../../store/db';
import { computeRawStats } from '../../store/metrics/compute-raw-stats';
import { computeStats } from '../../store/metrics/compute-stats';
import { statsToCsv } from '../../store/metrics/stats-csv';
import type { StatsWindow } from '../../store/metrics/stats-window';
import { describeEachEngine, useMigratedDatabase } from '../helpers/databases';
import { insertHistory, T, utc } from './history-fixture';

const october: StatsWindow = { from: utc(10, 1), to: utc(11, 1), channel: null };

describeEachEngine('stats by language', (engine) => {
  let db: Knex;
  useMigratedDatabase(engine, async (opened) => {
    db = opened;
    await insertHistory(db);
    // October: A (webchat), B (msteams), C (webchat), D (directline), E (webchat); F starts at `to`.
    for (const [id, language] of [
      ['A', 'de'],
      ['B', 'zh'],
      ['C', 'de'],
      ['E', 'en'],
      ['F', 'zh'],
    ]) {
      await db('conversations').where({ id }).update({ language });
    }
  });

  it('counts the conversations of the window per language, a conversation without one as English', async () => {
    const expected = [
      { language: 'de', conversations: 2 },
      { language: 'en', conversations: 2 },
      { language: 'zh', conversations: 1 },
    ];
    expect((await computeStats(db, october)).byLanguage).to.deep.equal(expected);
    expect((await computeRawStats(db, october)).byLanguage).to.deep.equal(expected);
  });

  it('follows the window and the channel filter', async () => {
    const webchat = await computeStats(db, { ...october, channel: 'webchat' });
    expect(webchat.byLanguage).to.deep.equal([
      { language: 'de', conversations: 2 },
      { language: 'en', conversations: 1 },
    ]);
    const fromB = await computeStats(db, { ...october, from: T.A + 1 });
    expect(fromB.byLanguage.find((l) => l.language === 'de')?.conversations).to.equal(1);
    expect((await computeStats(db, { from: utc(12, 1), to: utc(12, 2), channel: null })).byLanguage).to.deep.equal([]);
  });

  it('lists each language as its own CSV row', async () => {
    const csv = statsToCsv(await computeStats(db, october));
    expect(csv).to.include('byLanguage.de.conversations,2\r\n');
    expect(csv).to.include('byLanguage.zh.conversations,1\r\n');
  });
});
