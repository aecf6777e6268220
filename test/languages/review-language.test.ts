import { expect } from 'chai';
import { describeEachEngine } from '../helpers/databases';
import { say } from '../helpers/languages';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { admin, reviewQueue } from '../learning/learning-helpers';

// German, and out of scope for the shipped German model.
const OUT_OF_SCOPE = 'Wer hat gestern das Fußballspiel gewonnen?';

describeEachEngine('the language of review entries and examples', (engine) => {
  let t: TestApp;
  let messageId: number;

  before(async () => {
    t = await startTestApp({ database: await engine.create() });
    await say(t, { conversationId: 'review-de', text: OUT_OF_SCOPE, locale: 'de-DE' });
    messageId = Number((await t.app.db('messages').where({ role: 'customer', text: OUT_OF_SCOPE }).first('id')).id);
  });
  after(async () => {
    await t?.dispose();
  });

  it("stores the message's language on its review entry and lists it in GET /admin/nlu/review", async () => {
    const entries = await t.app.db('nlu_review').where({ message_id: messageId }).select('reason', 'language');
    expect(entries).to.deep.equal([{ reason: 'out_of_scope', language: 'de' }]);
    const item = (await reviewQueue(t)).find((i) => i.messageId === messageId);
    expect(item).to.include({ language: 'de' });
  });

  it('gives an example labelled from a message that message’s language, and free text English', async () => {
    const fromMessage = await admin(t, 'POST', '/admin/nlu/examples', { messageId, intent: 'contact_customer_service' });
    expect(fromMessage.status).to.equal(201);
    expect(fromMessage.body).to.include({ messageId, language: 'de' });
    const typed = await admin(t, 'POST', '/admin/nlu/examples', { text: 'where is my parcel', intent: 'track_order' });
    expect(typed.body).to.include({ language: 'en' });
    const stored = await t.app.db('nlu_examples').orderBy('id').select('language');
    expect(stored.map((r) => r.language)).to.deep.equal(['de', 'en']);
  });
});
