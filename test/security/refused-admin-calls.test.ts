import { expect } from 'chai';
import { describeEachEngine, type TestDatabase } from '../helpers/databases';
import { issueAgent } from '../helpers/agents';
import { startTestApp, TEST_ADMIN_KEY, type TestApp } from '../helpers/test-app';

const REFUSED_PER_MIN = 30;
const CALLS = 300;
const LONG_QUERY = `x=${'q'.repeat(15 * 1024)}`;

describeEachEngine('refused admin calls', (engine) => {
  let database: TestDatabase;
  let t: TestApp;
  before(async function () {
    this.timeout(60_000);
    database = await engine.create();
    t = await startTestApp({ database, env: { RATE_LIMIT_REFUSED_PER_MIN: String(REFUSED_PER_MIN) } });
  });
  after(async () => t?.dispose());

  const auditRows = async () => Number((await t.app.db('audit_log').count({ n: '*' }))[0].n);

  it(`writes a few audit rows, not one per call, for ${CALLS} unauthenticated calls with a 15 KB query, and limits them per IP`, async function () {
    this.timeout(120_000);
    const before = await auditRows();
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < CALLS; i++) {
      const res = await fetch(`${t.url}/admin/stats?${LONG_QUERY}`);
      await res.arrayBuffer();
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
    }
    // A minute boundary during the loop starts one new window: at most two rows and 2 × the limit.
    expect(await auditRows(), 'audit rows written').to.be.within(before + 1, before + 2);
    expect(statuses.filter((s) => s === 401).length, '401 answers').to.be.within(REFUSED_PER_MIN, 2 * REFUSED_PER_MIN);
    expect(statuses.filter((s) => s === 429).length, 'the rest is 429').to.equal(CALLS - statuses.filter((s) => s === 401).length);
    expect(Number(retryAfter)).to.be.within(1, 60);

    const admin = await fetch(`${t.url}/admin/stats`, { headers: { Authorization: `Bearer ${TEST_ADMIN_KEY}` } });
    expect(admin.status, 'the right key still works from the same IP').to.equal(200);
    const agent = await fetch(`${t.url}/agent/api/queue`, {
      headers: (await issueAgent(t.url, 'Avery')).headers,
    });
    expect(agent.status, 'and so does an agent key').to.equal(200);
  });
});
