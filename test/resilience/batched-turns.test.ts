import { expect } from 'chai';
import { messageActivity, postActivity } from '../../bench/lib/activities';
import { startTestApp, type TestApp } from '../helpers/test-app';

/**
 * Concurrent turns share their writes' batches on SQLite (store/group-commit.ts): a write
 * that fails must fail only its own turn, with nothing of it stored, and its redelivery runs.
 */
describe('concurrent turns in one batch of writes [sqlite]', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp();
  });
  afterEach(async () => {
    await t.dispose();
  });

  it('answers every turn whose writes succeed, fails the one whose write fails with a 5xx, and its redelivery runs once', async () => {
    // A real database failure for one message only: the customer's row is refused.
    // The conversations exist first, so the concurrent turns write in the same batches.
    for (let i = 0; i < 8; i++) {
      const hello = messageActivity({ serviceUrl: t.connector.url, conversationId: `batch-${i}`, fromId: `customer-${i}`, text: 'hello' });
      expect((await postActivity(t.url, hello)).status).to.equal(200);
    }
    const greeted = t.connector.messagesTo('batch-3').length;
    await t.app.db.raw(
      `create trigger refuse_poison before insert on messages when new.text = 'poison' begin select raise(abort, 'refused by the test'); end`,
    );
    const activities = Array.from({ length: 8 }, (_, i) =>
      messageActivity({
        serviceUrl: t.connector.url,
        conversationId: `batch-${i}`,
        fromId: `customer-${i}`,
        id: `activity-${i}`,
        text: i === 3 ? 'poison' : 'How do I return the Meadow linen duvet cover?',
      }),
    );
    const statuses = (await Promise.all(activities.map((a) => postActivity(t.url, a)))).map((r) => r.status);
    expect(statuses.filter((_status, i) => i !== 3)).to.deep.equal(Array(7).fill(200));
    expect(statuses[3]).to.be.at.least(500);

    const customer = await t.app.db('messages').where({ role: 'customer' }).whereNot({ text: 'hello' }).select('handled_at', 'answered_at');
    expect(customer).to.have.length(7);
    for (const row of customer) expect(row.handled_at !== null && row.answered_at !== null, 'stored, handled and answered').to.equal(true);
    expect(t.connector.messagesTo('batch-3'), 'the failed turn sent nothing').to.have.length(greeted);

    await t.app.db.raw('drop trigger refuse_poison');
    const retry = await postActivity(t.url, activities[3]);
    expect(retry.status).to.equal(200);
    await postActivity(t.url, activities[3]);
    const poison = await t.app.db('messages').where({ role: 'customer', text: 'poison' });
    expect(poison, 'the redelivery stored it once').to.have.length(1);
    expect(poison[0].handled_at).to.not.equal(null);
    expect(t.connector.messagesTo('batch-3').length, 'and answered it').to.be.greaterThan(greeted);
    const replies = t.connector.messagesTo('batch-3').length;
    await postActivity(t.url, activities[3]);
    expect(t.connector.messagesTo('batch-3')).to.have.length(replies);
  });
});
