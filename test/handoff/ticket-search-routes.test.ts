import { expect } from 'chai';
import { messageActivity, postActivity } from '../../bench/lib/activities';
import { issueAgent } from '../helpers/agents';
import { startTestApp, TEST_ADMIN_KEY, type TestApp } from '../helpers/test-app';

describe('GET /agent/api/tickets and GET /admin/tickets', () => {
  let t: TestApp;
  // Filled in with an issued credential's bearer once the server runs.
  const agent: Record<string, string> = {};
  const admin = { Authorization: `Bearer ${TEST_ADMIN_KEY}` };

  before(async () => {
    t = await startTestApp();
    agent.Authorization = (await issueAgent(t.url, 'Robin')).headers.Authorization;
    for (const who of ['a', 'b', 'c']) {
      await postActivity(
        t.url,
        messageActivity({
          serviceUrl: t.connector.url,
          conversationId: `search-${who}`,
          fromId: who,
          text: 'I need to talk to a human now',
        }),
      );
    }
    const first = await t.app.db('tickets').orderBy('id').first();
    await fetch(`${t.url}/admin/tickets/${first.id}/status`, {
      method: 'POST',
      headers: { ...admin, 'Content-Type': 'application/json' },
      body: JSON.stringify({ status: 'resolved' }),
    });
  });
  after(async () => {
    await t.dispose();
  });

  for (const [base, headers] of [
    ['/agent/api/tickets', agent],
    ['/admin/tickets', admin],
  ] as const) {
    it(`${base} finds resolved tickets and pages with the cursor`, async () => {
      const resolved = await (await fetch(`${t.url}${base}?status=resolved`, { headers })).json();
      expect(resolved.tickets.map((x: { customer_id: string }) => x.customer_id)).to.deep.equal(['webchat:a']);
      const first = await (await fetch(`${t.url}${base}?limit=2`, { headers })).json();
      expect(first.tickets).to.have.length(2);
      const second = await (await fetch(`${t.url}${base}?limit=2&cursor=${first.next}`, { headers })).json();
      expect(second).to.deep.include({ next: null });
      expect([...first.tickets, ...second.tickets].map((x: { customer_id: string }) => x.customer_id)).to.deep.equal([
        'webchat:c',
        'webchat:b',
        'webchat:a',
      ]);
    });

    it(`${base} answers 400 naming a bad parameter`, async () => {
      for (const [query, name] of [
        ['status=done', 'status'],
        ['priority=high,meh', 'priority'],
        ['limit=0', 'limit'],
        ['from=yesterday', 'from'],
        ['from=2026-02-01&to=2026-01-01', 'to'],
        ['cursor=abc', 'cursor'],
        ['colour=red', 'body'],
      ]) {
        const res = await fetch(`${t.url}${base}?${query}`, { headers });
        expect(res.status, query).to.equal(400);
        const { error } = await res.json();
        expect(error, query).to.match(name === 'body' ? /colour/ : new RegExp(`^${name}[.:]`));
      }
    });
  }

  it('refuses the search without credentials', async () => {
    expect((await fetch(`${t.url}/agent/api/tickets`)).status).to.equal(401);
    expect((await fetch(`${t.url}/admin/tickets`)).status).to.equal(401);
  });
});
