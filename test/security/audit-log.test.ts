import { expect } from 'chai';
import { AUDIT_TEXT_MAX_BYTES, boundedJson } from '../../store/audit-log';
import { describeEachEngine } from '../helpers/databases';
import { startTestApp, TEST_ADMIN_KEY, type TestApp } from '../helpers/test-app';

describe('boundedJson', () => {
  it('cuts JSON of quotes, escapes and multi-byte characters to the bound without splitting a character', () => {
    for (const text of ['"'.repeat(3000), '\\'.repeat(3000), '😀é'.repeat(1000), '\u0000'.repeat(500)]) {
      const json = boundedJson({ query: { q: text } }, AUDIT_TEXT_MAX_BYTES);
      expect(Buffer.byteLength(json)).to.be.at.most(AUDIT_TEXT_MAX_BYTES);
      const { truncated, head } = JSON.parse(json);
      expect(truncated).to.equal(true);
      expect(head.length).to.be.greaterThan(100);
      expect(head).to.not.match(/[\uD800-\uDBFF]$/);
    }
  });

  it('keeps JSON that fits as it is', () => {
    expect(boundedJson({ query: { channel: 'webchat' } }, AUDIT_TEXT_MAX_BYTES)).to.equal('{"query":{"channel":"webchat"}}');
  });
});

describeEachEngine('audit log', (engine) => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ database: await engine.create() });
  });
  after(async () => {
    await t?.dispose();
  });
  beforeEach(async () => {
    await t.app.db('audit_log').delete();
  });

  /** The audit rows, read as soon as the response has ended: the wrapper writes each before. */
  async function audited(count = 1): Promise<Array<{ action: string; status: number; detail: string | null }>> {
    const rows = await t.app.db('audit_log').orderBy('id');
    expect(rows, `audit rows when the response has ended`).to.have.length.of.at.least(count);
    return rows;
  }

  describe('timing', () => {
    it('has the row of every allowed call stored by the time its response has ended', async () => {
      for (let i = 0; i < 10; i++) {
        const res = await fetch(`${t.url}/admin/stats`, { headers: { authorization: `Bearer ${TEST_ADMIN_KEY}` } });
        await res.arrayBuffer();
        const rows = await t.app.db('audit_log').select('actor', 'status');
        expect(rows, `rows after call ${i}`).to.deep.equal([{ actor: 'admin', status: 200 }]);
        await t.app.db('audit_log').delete();
      }
    });

    it('has the row of an audited refusal stored by the time its response has ended', async () => {
      // Another route than the other tests': refusals are audited once per IP, route and minute.
      const res = await fetch(`${t.url}/admin/tickets`, { headers: { authorization: 'Bearer wrong' } });
      expect(res.status).to.equal(401);
      await res.arrayBuffer();
      expect(await t.app.db('audit_log').select('actor', 'status')).to.deep.equal([{ actor: 'anonymous', status: 401 }]);
    });
  });

  describe('credentials', () => {
    it('never stores an admin key sent in the query, whatever the case of the field name', async () => {
      const query = new URLSearchParams({
        key: TEST_ADMIN_KEY,
        Token: 'tok-secret-1',
        SECRET: 'sec-secret-2',
        password: 'pw-secret-3',
        Authorization: 'Bearer auth-secret-4',
        channel: 'webchat',
      });
      const res = await fetch(`${t.url}/admin/stats?${query}`);
      expect(res.status).to.equal(401);
      const [row] = await audited();
      expect(row.status).to.equal(401);
      for (const secret of [TEST_ADMIN_KEY, 'tok-secret-1', 'sec-secret-2', 'pw-secret-3', 'auth-secret-4']) {
        expect(JSON.stringify(row), secret).to.not.contain(secret);
      }
      expect(JSON.parse(row.detail ?? 'null')).to.deep.equal({
        query: {
          key: '[redacted]',
          Token: '[redacted]',
          SECRET: '[redacted]',
          password: '[redacted]',
          Authorization: '[redacted]',
          channel: 'webchat',
        },
      });
    });
  });

  describe('size', () => {
    it('bounds the detail to 1 KB, saying it was cut', async () => {
      // A route no earlier case was refused on: refusals are audited once per IP, route and minute.
      const res = await fetch(`${t.url}/admin/feedback?x=${'a'.repeat(10_000)}&key=${TEST_ADMIN_KEY}`);
      expect(res.status).to.equal(401);
      const [row] = await audited();
      expect(Buffer.byteLength(row.detail ?? '')).to.be.at.most(AUDIT_TEXT_MAX_BYTES);
      expect(JSON.parse(row.detail ?? 'null')).to.include({ truncated: true });
      expect(row.detail).to.not.contain(TEST_ADMIN_KEY);
    });

    it('audits a call whose path is longer than 100 characters, and cuts one longer than 1 KB', async () => {
      const admin = { Authorization: `Bearer ${TEST_ADMIN_KEY}` };
      const long = `webchat:${'x'.repeat(200)}`;
      const huge = `webchat:${'y'.repeat(4_000)}`;
      expect((await fetch(`${t.url}/admin/customers/${long}/export`, { headers: admin })).status).to.equal(404);
      expect((await fetch(`${t.url}/admin/customers/${huge}/export`)).status).to.equal(401);
      const rows = await audited(2);
      expect(rows.map((r) => [r.status, r.action.length > 100])).to.deep.equal([
        [404, true],
        [401, true],
      ]);
      expect(rows[0].action).to.equal(`customer.export GET /admin/customers/${long}/export`);
      expect(Buffer.byteLength(rows[1].action)).to.equal(AUDIT_TEXT_MAX_BYTES);
      expect(rows[1].action).to.match(/^customer\.export GET \/admin\/customers\/webchat:y+$/);
    });
  });
});
