import { expect } from 'chai';
import type { Activity } from 'botbuilder';
import type { Language } from '../../common/languages';
import { CustomerDialog } from '../../dialogs/customer-dialog';
import type { CustomerMessage, Decision } from '../../dialogs/decision';
import { applyEffects } from '../../dialogs/effects';
import { messagesFor } from '../../dialogs/messages';
import type { Article, ArticleSearch, Understanding } from '../../dialogs/ports';
import { initialState, type SupportState } from '../../dialogs/state';
import { memoryDialogRepositories } from '../fakes/memory-repositories';
import { understood } from '../fakes/understanding';
import { shippedModelPathOf } from '../../bot/paths';
import { UPSET_SENTIMENT } from '../../dialogs/routing';
import { Nlu } from '../../nlu/nlu';

// The customer dialog answers in the language of the message it decides on (issue 19): the
// greeting, the KB answer card and its buttons, and the survey, on in-memory repositories.

const RETURNS: Article = {
  id: 'returns',
  title: 'Rücksendung',
  summary: '30 Tage Zeit.',
  body: '...',
  intents: ['return_item'],
};
const SIZES: Article = { id: 'sizes', title: 'Größen', summary: 'Tabelle.', body: '...', intents: ['return_item'] };
const ARTICLES = [RETURNS, SIZES];
const kb: ArticleSearch = {
  search: (_query, { intent, exclude = [] }) =>
    ARTICLES.filter((a) => !exclude.includes(a.id) && !!intent && a.intents.includes(intent)).map((a) => ({
      id: a.id,
      title: a.title,
      score: 5,
    })),
  get: (id) => ARTICLES.find((a) => a.id === id),
};

/** What customers type in each language: a yes to the card, a rating, an angry message the real NLU reads. */
const TYPED: Record<'de' | 'zh', { yes: string; rating: [string, number]; angry: string }> = {
  de: { yes: 'ja klar', rating: ['vier Sterne', 4], angry: 'Wo bleibt mein Paket? Unverschämt, ich bin stinksauer!' },
  zh: { yes: '好的', rating: ['四颗星', 4], angry: '包裹还没到，太差了，气死我了！' },
};

interface CardAction {
  title: string;
  type: string;
}

for (const language of ['de', 'zh'] as const satisfies readonly Language[]) {
  describe(`customer dialog in ${language}`, () => {
    const m = messagesFor(language);
    let repos: ReturnType<typeof memoryDialogRepositories>;
    let dialog: CustomerDialog;
    let n = 0;
    let conversationId = '';

    beforeEach(() => {
      repos = memoryDialogRepositories();
      dialog = new CustomerDialog({ repos, kb, nlu: { understand: () => understood('review') }, orders: { find: async () => undefined } });
      conversationId = `c-${language}-${++n}`;
    });

    const message = (text: string, extra: Partial<CustomerMessage> = {}): CustomerMessage => ({
      channelId: 'webchat',
      conversationId,
      customerId: `webchat:${language}`,
      text,
      sourceKey: `webchat|${conversationId}|${text}`,
      messageId: n,
      hasFirstIntent: false,
      language,
      ...extra,
    });
    const decide = async (text: string, u?: Understanding, state: SupportState = initialState(), extra?: Partial<CustomerMessage>) => {
      const decision = await dialog.decide(message(text, extra), state, u);
      await applyEffects(repos, decision.effects);
      return decision;
    };
    const suggestions = (reply: Partial<Activity>) => reply.suggestedActions?.actions.map((a) => a.title);
    const card = (d: Decision, i = 0) =>
      d.replies[i].attachments?.[0].content as { body: Array<{ text?: string; placeholder?: string }>; actions: CardAction[] };

    it('greets in the language, with the topics as quick replies', async () => {
      const d = await decide('hallo', understood('greeting'));
      expect(d.replies[0].text).to.equal(m.text('greeting.welcome'));
      expect(suggestions(d.replies[0])).to.deep.equal([
        m.text('topics.trackOrder'),
        m.text('topics.returnItem'),
        m.text('topics.refundStatus'),
        m.text('topics.person'),
      ]);
      expect(d.replies[0].text).to.not.equal(messagesFor('en').text('greeting.welcome'));
    });

    it('answers from the KB with a card whose question and buttons are in the language', async () => {
      const d = await decide('rücksendung', understood('return_item'));
      const answer = card(d);
      expect(answer.body.map((b) => b.text)).to.include(m.text('kb.cardQuestion'));
      expect(answer.actions.map((a) => a.title)).to.deep.equal([
        m.text('kb.helpful'),
        m.text('kb.notHelpful'),
        m.text('kb.readMore'),
        m.text('kb.related', { title: 'Größen' }),
      ]);
      expect(d.replies[0].speak).to.contain(m.text('kb.cardQuestion'));
    });

    it('takes the "Yes" quick reply of the language as a yes, and surveys in the language', async () => {
      const answered = await decide('rücksendung', understood('return_item'));
      const yes = await decide(m.text('common.yes'), undefined, answered.state);
      expect(yes.replies[0].text).to.equal(m.text('kb.glad'));
      const survey = card(yes, 1);
      expect(survey.body.map((b) => b.text ?? b.placeholder)).to.deep.equal([
        m.text('survey.questionKb'),
        m.text('survey.scale'),
        m.text('survey.commentPlaceholder'),
      ]);
      expect(survey.actions.map((a) => a.title)).to.deep.equal(['1', '2', '3', '4', '5']);
      const rated = await decide('', undefined, yes.state, { action: { sb: 'survey', kind: 'kb', conversationId, rating: 5 } });
      expect(rated.replies.map((r) => r.text)).to.deep.equal([m.text('survey.thanksHappy')]);
    });

    it('says goodbye and sends the survey in the language', async () => {
      const bye = await decide('tschüss', understood('goodbye'));
      expect(bye.replies[0].text).to.equal(m.text('smallTalk.goodbye'));
      expect(bye.replies[1].speak).to.equal(m.text('survey.fallback'));
    });

    it('asks "A or B?" with the labels of the language, and takes a label pressed as the choice', async () => {
      const close = understood('return_item', {
        margin: 0.05,
        alternatives: [
          { intent: 'return_item', confidence: 0.5 },
          { intent: 'get_refund', confidence: 0.45 },
        ],
      });
      const asked = await decide('zurück und geld', close);
      const [first, second] = [m.text('intents.return_item'), m.text('intents.get_refund')];
      expect(asked.replies[0].text).to.equal(m.text('clarify.question', { first, second }));
      expect(suggestions(asked.replies[0])).to.deep.equal([first, second]);
      expect(await dialog.textToUnderstand(message(second), asked.state), 'a label needs no NLU').to.equal(undefined);
    });

    it('takes a yes typed in the language after a KB answer, without the NLU', async () => {
      const answered = await decide('rücksendung', understood('return_item'));
      expect(await dialog.textToUnderstand(message(TYPED[language].yes), answered.state)).to.equal(undefined);
      const yes = await decide(TYPED[language].yes, undefined, answered.state);
      expect(yes.replies[0].text).to.equal(m.text('kb.glad'));
    });

    it('stores a survey rating typed in words of the language', async () => {
      const bye = await decide('tschüss', understood('goodbye'));
      const [typed, rating] = TYPED[language].rating;
      expect(await dialog.isSurveyAnswer(message(typed))).to.equal(true);
      const rated = await decide(typed, undefined, bye.state);
      expect(rated.replies.map((r) => r.text)).to.deep.equal([m.text('survey.thanksHappy')]);
      expect([...repos.feedback.surveys.values()].map((survey) => survey.rating)).to.deep.equal([rating]);
    });

    it('hands an angry customer to a person, read by the real NLU of the language', async () => {
      const u = Nlu.load(shippedModelPathOf(language)).understand(TYPED[language].angry);
      expect(u.sentiment, "the language's lexicon reads the anger").to.be.at.most(UPSET_SENTIMENT);
      const d = await decide(TYPED[language].angry, u);
      expect(d.handoff?.reason).to.be.oneOf(['upset', 'complaint']);
      expect(d.handoff?.priority, 'an upset customer is raised a step').to.be.oneOf(['high', 'urgent']);
    });

    it('hands off on the "talk to a person" quick reply of the language', async () => {
      const d = await decide(m.text('topics.person'));
      expect(d.handoff?.reason).to.equal('asked_for_person');
    });
  });
}
