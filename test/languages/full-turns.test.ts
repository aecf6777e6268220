import { describeEachEngine } from '../helpers/databases';

/*
 * Whole turns in German and Chinese, to be completed once the German and Chinese training
 * phrases, models, articles and message catalogues are merged. Each test starts an app on the
 * engine (`startTestApp({ database: await engine.create() })`), talks with `say(t, { conversationId,
 * text, locale })` from test/helpers/languages.ts (it returns the replies of that message) or
 * through Direct Line (test/directline/directline-client.ts, `userMessage` with a `locale`), and
 * checks `storedLanguages(t.app.db, conversationId)` beside the replies' texts from the catalogue
 * (`messagesFor(language)`).
 */
describeEachEngine('whole customer turns in German and Chinese', () => {
  for (const language of ['German', 'Chinese']) {
    describe(language, () => {
      it('greets in the language of the widget locale');
      it('answers a question with the KB answer card of that language, buttons included');
      it('answers with the English article and the one-line note when the article is missing in the language');
      it('sends the survey and stores the rating in the language');
      it('follows a customer who switches to English mid-conversation');
    });
  }
});
