import { expect } from 'chai';
import { startTestApp, TEST_ADMIN_KEY, type TestApp } from '../helpers/test-app';

describe('/admin/kb', () => {
  let t: TestApp;
  const admin = { Authorization: `Bearer ${TEST_ADMIN_KEY}`, 'Content-Type': 'application/json' };
  beforeEach(async () => {
    t = await startTestApp();
  });
  afterEach(async () => {
    await t.dispose();
  });

  it('refuses without the key or with a wrong one and audits the refusal', async () => {
    expect((await fetch(`${t.url}/admin/kb`)).status).to.equal(401);
    expect((await fetch(`${t.url}/admin/kb`, { headers: { Authorization: 'Bearer wrong-key-wrong-key' } })).status).to.equal(401);
    // Refusals are audited once per IP, route and minute: one row, or two across a minute boundary.
    const audit = await t.app.db('audit_log');
    expect(audit).to.have.length.within(1, 2);
    for (const row of audit) expect(row).to.include({ actor: 'anonymous', status: 401 });
  });

  it('lists every seeded article with its helpful rate', async () => {
    const res = await fetch(`${t.url}/admin/kb`, { headers: admin });
    const { articles } = await res.json();
    expect(articles).to.have.length(44);
    expect(articles[0]).to.include.keys('id', 'title', 'helpfulRate', 'yes', 'no');
    expect(articles[0].helpfulRate).to.equal(null);
  });

  it('edits an article, reindexes at once, and keeps the edit when files are re-seeded', async () => {
    const res = await fetch(`${t.url}/admin/kb/return-an-item`, {
      method: 'PUT',
      headers: admin,
      body: JSON.stringify({ summary: 'Start a return in My orders within 30 days; the label is free in the EU and UK.' }),
    });
    expect(res.status).to.equal(200);
    expect(t.app.knowledgeBase.get('return-an-item')!.summary).to.match(/label is free/);
    await t.app.db('kb_articles').where({ id: 'return-an-item', language: 'en' }).update({ file_hash: 'changed-on-disk' });
    expect((await fetch(`${t.url}/admin/kb/reindex`, { method: 'POST', headers: admin })).status).to.equal(200);
    // The English article: its German translation has the same id (and was not edited).
    const row = await t.app.db('kb_articles').where({ id: 'return-an-item', language: 'en' }).first();
    expect(row.summary, 'the admin edit is not overwritten').to.match(/label is free/);
    expect(Boolean(row.edited_by_admin)).to.equal(true);
  });

  it('answers 400 to an invalid edit and 404 to an unknown article, changing nothing', async () => {
    const before = await t.app.db('kb_articles').where({ id: 'refund-policy', language: 'en' }).first();
    const bad = await fetch(`${t.url}/admin/kb/refund-policy`, { method: 'PUT', headers: admin, body: JSON.stringify({ title: 5 }) });
    expect(bad.status).to.equal(400);
    expect((await bad.json()).error).to.match(/title/);
    const unknown = await fetch(`${t.url}/admin/kb/no-such-article`, {
      method: 'PUT',
      headers: admin,
      body: JSON.stringify({ title: 'New title' }),
    });
    expect(unknown.status).to.equal(404);
    expect(await t.app.db('kb_articles').where({ id: 'refund-policy', language: 'en' }).first()).to.deep.equal(before);
  });

  it('lists and switches the agents channel', async () => {
    const res = await fetch(`${t.url}/admin/agent-channel`, { headers: admin });
    expect((await res.json()).channels).to.deep.equal([]);
    const bad = await fetch(`${t.url}/admin/agent-channel`, { method: 'PUT', headers: admin, body: JSON.stringify({ id: 99 }) });
    expect(bad.status).to.equal(404);
  });
});
