import { expect } from 'chai';
import { messageActivity, postActivity } from '../../bench/lib/activities';
import { startTestApp, TEST_ADMIN_KEY, type TestApp } from '../helpers/test-app';

// The survey answered in words, and closings after a KB answer, through /api/messages with the
// real NLU: on the web chat and on the telephony channel (speech arrives as text with punctuation).

describe('typed survey answers and closings through /api/messages', () => {
  let t: TestApp;
  let n = 0;

  before(async () => {
    t = await startTestApp();
  });
  after(async () => {
    await t.dispose();
  });

  const chatOn = (channelId: string) => {
    const conversationId = `survey-${++n}`;
    const fromId = `caller-${n}`;
    const say = (text: string | undefined, value?: unknown) =>
      postActivity(t.url, messageActivity({ serviceUrl: t.connector.url, conversationId, channelId, fromId, text, value }));
    const texts = () => t.connector.textsTo(conversationId);
    const feedback = async () =>
      t.app
        .db('feedback')
        .where({ customer_id: `${channelId}:${fromId}` })
        .first();
    return { say, texts, feedback };
  };

  for (const [channelId, typed, rating] of [
    ['webchat', '5', 5],
    ['webchat', '4 stars', 4],
    ['webchat', '★★★', 3],
    ['msteams', '5/5', 5],
    ['telephony', 'Five.', 5],
  ] as const) {
    it(`stores "${typed}" on ${channelId} as a rating of ${rating} after a goodbye`, async () => {
      const { say, texts, feedback } = chatOn(channelId);
      await say('bye');
      expect((await feedback())?.answered_at, 'the survey was sent and is pending').to.equal(null);
      await say(typed);
      expect(await feedback()).to.include({ rating, comment: null });
      expect(texts().join('\n')).to.not.match(/not something I can help with/);
      expect(texts().slice(-1)[0]).to.match(/^Thank you/);
    });
  }

  it('still treats a number as a question when no survey is pending', async () => {
    const { say, feedback } = chatOn('webchat');
    await say('5');
    expect(await feedback()).to.equal(undefined);
  });

  for (const closing of ['ok bye', 'ok', 'thanks']) {
    it(`does not count "${closing}" after a KB answer as "Yes, that solved it"`, async () => {
      const { say } = chatOn('webchat');
      await say('how long does a refund take to reach my bank');
      await say(closing);
      expect(await t.app.db('kb_feedback').where({ helpful: true })).to.have.length(0);
    });
  }

  it('lists survey answers with their comment, ticket and intent for admins, paged', async () => {
    const { say, feedback } = chatOn('webchat');
    await say('bye');
    const row = await feedback();
    await say(undefined, { sb: 'survey', kind: row.kind, conversationId: row.conversation_id, rating: 2, comment: 'Too slow' });
    const admin = { Authorization: `Bearer ${TEST_ADMIN_KEY}` };
    const all = await (await fetch(`${t.url}/admin/feedback?limit=100`, { headers: admin })).json();
    expect(all.feedback.length).to.be.greaterThan(1);
    expect(all.feedback[0]).to.include({ rating: 2, comment: 'Too slow', kind: 'kb', ticketId: null });
    expect(all.feedback[0].sentiment).to.be.a('number');
    const pages: number[] = [];
    let next: string | null = null;
    do {
      const page = await (await fetch(`${t.url}/admin/feedback?limit=2${next ? `&cursor=${next}` : ''}`, { headers: admin })).json();
      pages.push(...page.feedback.map((f: { id: number }) => f.id));
      next = page.next;
    } while (next);
    expect(pages, 'pages of two cover the list once, in order').to.deep.equal(all.feedback.map((f: { id: number }) => f.id));
    const comments = await (await fetch(`${t.url}/admin/feedback?comments=only`, { headers: admin })).json();
    expect(comments.feedback.map((f: { comment: string }) => f.comment)).to.deep.equal(['Too slow']);
    const bad = await fetch(`${t.url}/admin/feedback?rating=9`, { headers: admin });
    expect(bad.status).to.equal(400);
    expect((await bad.json()).error).to.match(/^rating:/);
    expect((await fetch(`${t.url}/admin/feedback`)).status).to.equal(401);
  });
});
