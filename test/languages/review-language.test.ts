import { expect } from 'chai';
import { listConfirmedExamples } from '../../store/confirmed-examples';
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

  it('labels a typed text in the language given (English by default), refusing a language for a message or one not shipped', async () => {
    const typed = await admin(t, 'POST', '/admin/nlu/examples', { text: 'Wo bleibt mein Paket?', intent: 'track_order', language: 'de' });
    expect(typed.status).to.equal(201);
    expect(typed.body).to.include({ language: 'de' });
    for (const body of [
      { messageId, intent: 'track_order', language: 'de' },
      { text: '¿Dónde está mi pedido?', intent: 'track_order', language: 'es' },
    ]) {
      const refused = await admin(t, 'POST', '/admin/nlu/examples', body);
      expect(refused.status, JSON.stringify(body)).to.equal(400);
    }
    // A retrain of the English model reads only English examples.
    const english = await listConfirmedExamples(t.app.db, 'en');
    const german = await listConfirmedExamples(t.app.db, 'de');
    expect(english.map((e) => e.text)).to.deep.equal(['where is my parcel']);
    expect(german.map((e) => e.text)).to.include.members(['Wo bleibt mein Paket?', OUT_OF_SCOPE]);
  });
});
