import { expect } from 'chai';
import type { Language } from '../../common/languages';
import { joinActivity, postActivity } from '../../bench/lib/activities';
import { messagesFor } from '../../dialogs/messages';
import { bearer, poll, post, userMessage } from '../directline/directline-client';
import { describeEachEngine } from '../helpers/databases';
import { localisedActivity, say, storedLanguages } from '../helpers/languages';
import { startTestApp, type TestApp } from '../helpers/test-app';

// Whole customer turns in German and Chinese (issue 19), through /api/messages as Teams and
// Web Chat deliver them, and through the built-in Direct Line endpoint as the widget does:
// the greeting, a KB answer card, the survey and the rating, all in the customer's language.

interface Case {
  language: Exclude<Language, 'en'>;
  locale: string;
  /** A question the language's KB answers with `articleTitle`. */
  question: string;
  articleTitle: string;
}

const CASES: Case[] = [
  {
    language: 'de',
    locale: 'de-DE',
    question: 'Wo ist meine Bestellung? Ich warte schon seit einer Woche auf das Paket.',
    articleTitle: 'Ihre Bestellung verfolgen',
  },
  { language: 'zh', locale: 'zh-CN', question: '我的订单到哪里了？已经等了一个星期了', articleTitle: '查询订单物流' },
];

type Reply = Record<string, any>;
const cardOf = (r: Reply) =>
  r.attachments?.[0]?.content as { body: Array<{ text?: string }>; actions: Array<{ title: string }> } | undefined;
const cardTexts = (r: Reply) => (cardOf(r)?.body ?? []).map((b) => b.text).filter(Boolean);

describeEachEngine('whole customer turns in German and Chinese', (engine) => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ database: await engine.create() });
  });
  after(async () => {
    await t?.dispose();
  });

  for (const c of CASES) {
    describe(`${c.language} through /api/messages`, () => {
      const m = messagesFor(c.language);
      const conversationId = `full-${c.language}-${engine.name}`;

      it('greets in the language of the channel locale', async () => {
        const join = joinActivity({ serviceUrl: t.connector.url, conversationId, extra: { locale: c.locale } });
        expect((await postActivity(t.url, join)).status).to.equal(200);
        await t.connector.waitFor(() => t.connector.messagesTo(conversationId).length > 0);
        expect(t.connector.messagesTo(conversationId)[0].body.text).to.equal(m.text('greeting.welcome'));
        expect((await storedLanguages(t.app.db, conversationId)).conversation).to.equal(c.language);
      });

      it('answers a question with the KB answer card of the language, buttons included', async () => {
        const replies = await say(t, { conversationId, text: c.question, locale: c.locale });
        const card = replies.find((r) => cardOf(r));
        expect(card, JSON.stringify(replies.map((r) => r.text))).to.not.equal(undefined);
        expect(cardTexts(card!)).to.include.members([c.articleTitle, m.text('kb.cardQuestion')]);
        expect(
          cardOf(card!)!
            .actions.map((a) => a.title)
            .slice(0, 2),
        ).to.deep.equal([m.text('kb.helpful'), m.text('kb.notHelpful')]);
        expect(await storedLanguages(t.app.db, conversationId)).to.deep.equal({ messages: [c.language], conversation: c.language });
        const stored = await t.app.db('messages').where({ text: c.question }).first('intent', 'out_of_scope');
        expect(stored.intent).to.equal('track_order');
        expect(Boolean(stored.out_of_scope)).to.equal(false);
      });

      it('takes the language’s "Yes", sends the survey in the language and stores the rating', async () => {
        const replies = await say(t, { conversationId, text: m.text('common.yes'), locale: c.locale });
        expect(replies.map((r) => r.text)).to.include(m.text('kb.glad'));
        const survey = replies.find((r) => cardOf(r));
        expect(cardTexts(survey!)).to.include(m.text('survey.questionKb'));
        const thanks = await say(t, { conversationId, text: '5', locale: c.locale });
        expect(thanks.map((r) => r.text)).to.include(m.text('survey.thanksHappy'));
        const conversation = await t.app.db('conversations').where({ channel_conversation_id: conversationId }).first('id');
        const feedback = await t.app.db('feedback').where({ conversation_id: conversation.id }).first('rating');
        expect(Number(feedback.rating)).to.equal(5);
      });

      it('follows a customer who switches to English mid-conversation, and back', async () => {
        const english = await say(t, { conversationId, text: 'How long does delivery to Spain usually take?', locale: c.locale });
        expect(english.some((r) => cardOf(r) && cardTexts(r).includes(messagesFor('en').text('kb.cardQuestion')))).to.equal(true);
        expect((await storedLanguages(t.app.db, conversationId)).conversation).to.equal('en');
        const back = await say(t, { conversationId, text: c.question, locale: c.locale });
        expect(back.some((r) => cardOf(r) && cardTexts(r).includes(m.text('kb.cardQuestion')))).to.equal(true);
        expect((await storedLanguages(t.app.db, conversationId)).conversation).to.equal(c.language);
      });
    });
  }

  it('answers with the English article and the one-line note when the article is missing in the language', async () => {
    const zh = messagesFor('zh');
    const conversationId = `fallback-zh-${engine.name}`;
    const replies = await say(t, { conversationId, text: '我想下载我上个订单的发票，在哪里下载？', locale: 'zh-CN' });
    const texts = replies.map((r) => r.text);
    expect(texts, JSON.stringify(texts)).to.include(zh.text('kb.fallbackNote'));
    const card = replies.find((r) => cardOf(r));
    // The English article, with the card's own question and buttons in Chinese.
    expect(cardTexts(card!)).to.include(zh.text('kb.cardQuestion'));
    expect(JSON.stringify(cardOf(card!))).to.match(/invoice/i);
  });

  it('answers a language the shop does not ship in English with the note and what the bot can do, misreading nothing', async () => {
    const en = messagesFor('en');
    const conversationId = `spanish-${engine.name}`;
    const texts = [
      '¿Dónde está mi pedido? Lo compré hace dos semanas y no ha llegado.',
      '¿Puedo devolver un artículo que compré en la tienda?',
    ];
    for (const text of texts) {
      const replies = await say(t, { conversationId, text, locale: 'es-ES' });
      expect(replies.map((r) => r.text)).to.deep.equal([en.text('language.unsupportedNote'), en.text('greeting.help')]);
    }
    expect((await storedLanguages(t.app.db, conversationId)).messages).to.deep.equal(['en', 'en']);
    const conversation = await t.app.db('conversations').where({ channel_conversation_id: conversationId }).first('id', 'ended_at');
    expect(conversation.ended_at, 'no goodbye read into Spanish').to.equal(null);
    const stored = await t.app.db('messages').where({ conversation_id: conversation.id, role: 'customer' }).select('intent');
    expect(stored.map((r) => r.intent)).to.deep.equal([null, null]);
  });

  it('answers the questions the issue was filed with, each with the article in its language', async () => {
    const examples = [
      ['de', 'Wo ist meine Bestellung?', 'Ihre Bestellung verfolgen'],
      ['de', 'Ich möchte einen Artikel zurückgeben', 'Einen Artikel zurücksenden'],
      ['zh', '如何退货？', '如何退货'],
      ['zh', '我的订单在哪里', '查询订单物流'],
    ] as const;
    for (const [i, [language, text, title]] of examples.entries()) {
      const conversationId = `issue-example-${i}-${engine.name}`;
      // No locale: the text alone decides.
      const replies = await say(t, { conversationId, text });
      const card = replies.find((r) => cardOf(r));
      expect(card && cardTexts(card), text).to.include.members([title, messagesFor(language).text('kb.cardQuestion')]);
      expect((await storedLanguages(t.app.db, conversationId)).messages, text).to.deep.equal([language]);
    }
  });

  it('keeps a German customer on an English browser in German when they press the bot’s buttons and rate', async () => {
    const de = messagesFor('de');
    const conversationId = `en-browser-de-${engine.name}`;
    const locale = 'en-US';
    const asked = await say(t, { conversationId, text: CASES[0].question, locale });
    expect(asked.some((r) => cardOf(r) && cardTexts(r).includes(de.text('kb.cardQuestion')))).to.equal(true);
    const yes = await say(t, { conversationId, text: de.text('common.yes'), locale });
    expect(yes.map((r) => r.text)).to.include(de.text('kb.glad'));
    const conversation = await t.app.db('conversations').where({ channel_conversation_id: conversationId }).first('id');
    const rating = localisedActivity(t, { conversationId, text: '', locale });
    const rated = await postActivity(t.url, {
      ...rating,
      text: undefined,
      value: { sb: 'survey', kind: 'kb', conversationId: conversation.id, rating: 4 },
    });
    expect(rated.status).to.equal(200);
    await t.connector.waitFor(() => t.connector.textsTo(conversationId).includes(de.text('survey.thanksHappy')));
    expect((await storedLanguages(t.app.db, conversationId)).messages).to.deep.equal(['de', 'de', 'de']);
  });

  for (const c of CASES) {
    it(`${c.language} through Direct Line: greeting from the widget's locale, then the KB card`, async () => {
      const m = messagesFor(c.language);
      const token = await fetch(`${t.url}/webchat/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ locale: c.locale }),
      });
      expect(token.status).to.equal(200);
      const { token: widgetToken } = (await token.json()) as { token: string };
      const started = await fetch(`${t.url}/v3/directline/conversations`, { method: 'POST', headers: bearer(widgetToken) });
      expect(started.status).to.equal(201);
      const s = (await started.json()) as { conversationId: string; token: string };
      const greeting = await poll(t.url, s);
      expect(greeting.activities.map((a) => a.text)).to.include(m.text('greeting.welcome'));

      const posted = await post(t.url, s, { ...userMessage(c.question, `client-${c.language}`), locale: c.locale });
      expect(posted.status).to.equal(200);
      const deadline = Date.now() + 20_000;
      let answer: Reply | undefined;
      while (!answer && Date.now() < deadline) {
        const next = await poll(t.url, s, greeting.watermark);
        answer = next.activities.find((a: Reply) => cardOf(a) && cardTexts(a).includes(c.articleTitle));
        if (!answer) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(answer, 'the KB card of the language').to.not.equal(undefined);
      expect(cardTexts(answer!)).to.include(m.text('kb.cardQuestion'));
    });
  }
});
