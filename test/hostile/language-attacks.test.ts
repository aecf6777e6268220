import { createHmac, randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { Language } from '../../common/languages';
import { messagesFor } from '../../dialogs/messages';
import { bearer, poll } from '../directline/directline-client';
import { describeEachEngine } from '../helpers/databases';
import { say } from '../helpers/languages';
import { startTestApp, type TestApp } from '../helpers/test-app';

// Issue 19 (customers who write German or Chinese) attacked as real customers and a hostile
// client would, over real HTTP against a real server on both databases. One `it` per problem
// found; what held is covered by test/languages/ and listed in the review report.

const IDENTITY_SECRET = 'shop-identity-test-secret-0123456789abcdef';

/** A question each language's KB answers with a card, and the channel locale sent with it. */
const QUESTIONS: Record<Exclude<Language, 'en'>, { locale: string; question: string }> = {
  de: { locale: 'de-DE', question: 'Wo ist meine Bestellung? Ich warte schon seit einer Woche auf das Paket.' },
  zh: { locale: 'zh-CN', question: '我的订单到哪里了？已经等了一个星期了' },
};

type Reply = Record<string, any>;
const isCard = (r: Reply) => r.attachments?.[0]?.content !== undefined;
const texts = (replies: Reply[]) => replies.map((r) => r.text);

describeEachEngine('Language attacks', (engine) => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ database: await engine.create(), env: { SHOP_IDENTITY_SECRET: IDENTITY_SECRET } });
  });
  after(async () => {
    await t?.dispose();
  });

  const fresh = (tag: string) => `lang-attack-${tag}-${randomUUID()}`;

  /** A conversation whose customer asked `language`'s question and got the KB card. */
  async function answeredByKb(language: Exclude<Language, 'en'>, tag: string): Promise<string> {
    const conversationId = fresh(tag);
    const { question, locale } = QUESTIONS[language];
    const replies = await say(t, { conversationId, text: question, locale });
    expect(replies.some(isCard), `the KB card for "${question}"`).to.equal(true);
    return conversationId;
  }

  async function ratingOf(conversationId: string): Promise<number | null> {
    const conversation = await t.app.db('conversations').where({ channel_conversation_id: conversationId }).first('id');
    const row = await t.app.db('feedback').where({ conversation_id: conversation.id }).whereNotNull('rating').first('rating');
    return row ? Number(row.rating) : null;
  }

  it('takes a rating typed in German or Chinese words ("fünf", "5 Sterne", "五", "5分", "五星") as the answer to the survey', async () => {
    const cases: Array<[Exclude<Language, 'en'>, string, number]> = [
      ['de', 'fünf', 5],
      ['de', '5 Sterne', 5],
      ['de', 'vier Sterne', 4],
      ['de', 'Zwei.', 2],
      ['zh', '五', 5],
      ['zh', '5分', 5],
      ['zh', '五星', 5],
      ['zh', '三分。', 3],
    ];
    for (const [language, typed, rating] of cases) {
      const m = messagesFor(language);
      const { locale } = QUESTIONS[language];
      const conversationId = await answeredByKb(language, `rating-${language}`);
      const yes = await say(t, { conversationId, text: m.text('common.yes'), locale });
      expect(yes.some(isCard), 'the survey card').to.equal(true);
      const answer = await say(t, { conversationId, text: typed, locale });
      const thanks = rating >= 4 ? m.text('survey.thanksHappy') : m.text('survey.thanksUnhappy');
      expect(texts(answer), `"${typed}" thanked for as a rating`).to.include(thanks);
      expect(await ratingOf(conversationId), `"${typed}" stored as ${rating}`).to.equal(rating);
      const ended = await t.app.db('conversations').where({ channel_conversation_id: conversationId }).first('ended_at');
      expect(ended.ended_at, `"${typed}" is no goodbye`).to.equal(null);
    }
  });

  it('takes a yes or no typed in German or Chinese ("Ja, danke", "是的", "有帮助", "Nein, leider nicht", "没有") as the vote on a KB answer', async () => {
    const cases: Array<[Exclude<Language, 'en'>, string, boolean]> = [
      ['de', 'Ja, danke', true],
      ['de', 'ja klar', true],
      ['de', 'Nein, leider nicht', false],
      ['zh', '是的', true],
      ['zh', '有帮助，谢谢', true],
      ['zh', '对', true],
      ['zh', '没有', false],
      ['zh', '没有帮助', false],
      ['zh', '不是', false],
    ];
    for (const [language, typed, helpful] of cases) {
      const m = messagesFor(language);
      const conversationId = await answeredByKb(language, `vote-${language}`);
      const replies = await say(t, { conversationId, text: typed, locale: QUESTIONS[language].locale });
      const expected = helpful ? m.text('kb.glad') : undefined;
      if (expected) expect(texts(replies), `"${typed}" read as a yes`).to.include(expected);
      const conversation = await t.app.db('conversations').where({ channel_conversation_id: conversationId }).first('id');
      const vote = await t.app.db('kb_feedback').where({ conversation_id: conversation.id }).first('helpful');
      expect(vote, `"${typed}" stored as a vote`).to.not.equal(undefined);
      expect(Boolean(vote.helpful), `"${typed}" is a ${helpful ? 'yes' : 'no'}`).to.equal(helpful);
    }
  });

  it('answers a text in a script no shipped language is written in (Cyrillic, Arabic, Greek) with the unsupported-language note, not as out of scope', async () => {
    const en = messagesFor('en');
    const cases: Array<[string, string | undefined]> = [
      ['Где мой заказ? Я жду уже неделю.', 'ru-RU'],
      ['Где мой заказ? Я жду уже неделю.', undefined],
      ['أين طلبي؟ أنا أنتظر منذ أسبوع', 'ar'],
      ['Πού είναι η παραγγελία μου;', 'el-GR'],
    ];
    for (const [text, locale] of cases) {
      const conversationId = fresh('script');
      const replies = await say(t, { conversationId, text, locale });
      expect(texts(replies), `"${text}" (${locale ?? 'no locale'})`).to.deep.equal([
        en.text('language.unsupportedNote'),
        en.text('greeting.help'),
      ]);
      const stored = await t.app.db('messages').where({ text }).orderBy('id', 'desc').first('intent', 'out_of_scope');
      expect(stored.intent, 'nothing misread').to.equal(null);
      expect(Boolean(stored.out_of_scope), 'not counted out of scope').to.equal(false);
    }
  });

  it('greets a signed-in shop customer in the locale the widget sent with the token, and refuses a locale that is no language tag', async () => {
    const part = Buffer.from(JSON.stringify({ userId: `shop-${randomUUID()}`, exp: Math.floor(Date.now() / 1000) + 1800 })).toString(
      'base64url',
    );
    const identity = `${part}.${createHmac('sha256', IDENTITY_SECRET).update(part).digest('base64url')}`;
    const requestToken = (locale: string) =>
      fetch(`${t.url}/webchat/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ identity, locale }),
      });
    const refused = await requestToken('de-DE\u0000<script>');
    expect(refused.status).to.equal(400);
    expect(((await refused.json()) as { error: string }).error).to.match(/locale/);
    const res = await requestToken('de-DE');
    expect(res.status).to.equal(200);
    const { token } = (await res.json()) as { token: string };
    const started = await fetch(`${t.url}/v3/directline/conversations`, { method: 'POST', headers: bearer(token) });
    expect(started.status).to.equal(201);
    const s = (await started.json()) as { conversationId: string; token: string };
    const greeting = await poll(t.url, s);
    expect(greeting.activities.map((a) => a.text)).to.include(messagesFor('de').text('greeting.welcome'));
  });
});
