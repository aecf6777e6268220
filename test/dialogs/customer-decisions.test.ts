import { expect } from 'chai';
import type { Activity } from 'botbuilder';
import { CustomerDialog } from '../../dialogs/customer-dialog';
import type { CustomerMessage, Decision } from '../../dialogs/decision';
import type { Article, ArticleSearch, Understanding } from '../../dialogs/ports';
import { applyEffects } from '../../dialogs/effects';
import { initialState, type SupportState } from '../../dialogs/state';
import { memoryDialogRepositories } from '../fakes/memory-repositories';
import { understood } from '../fakes/understanding';

// The customer dialog's routing on in-memory repositories: no database, no HTTP, no TurnContext.

const RETURNS: Article = {
  id: 'returns',
  title: 'Returning an item',
  summary: 'Send it back within 30 days.',
  body: '...',
  intents: ['return_item'],
};
const DELETE: Article = {
  id: 'delete-account',
  title: 'Deleting your account',
  summary: 'We can do it.',
  body: '...',
  intents: ['delete_account'],
};
const ARTICLES = [RETURNS, DELETE];

/** Finds an article whose intent matches the prior, or whose title shares a word with the query. */
const kb: ArticleSearch = {
  search(query, { intent, exclude = [] }) {
    return ARTICLES.filter((a) => !exclude.includes(a.id))
      .filter((a) => (intent && a.intents.includes(intent)) || query.toLowerCase().includes(a.id.split('-')[0]))
      .map((a) => ({ id: a.id, title: a.title, score: 5 }));
  },
  get: (id) => ARTICLES.find((a) => a.id === id),
};

describe('customer dialog decisions (in-memory repositories)', () => {
  let repos: ReturnType<typeof memoryDialogRepositories>;
  let dialog: CustomerDialog;
  let n = 0;
  let message: (text: string, extra?: Partial<CustomerMessage>) => CustomerMessage;

  beforeEach(() => {
    repos = memoryDialogRepositories();
    // The NLU is only asked about survey comments here: every other reading is given.
    dialog = new CustomerDialog({
      repos,
      kb,
      nlu: { understand: () => understood('review', { sentiment: -0.8 }) },
      orders: { find: async () => undefined },
    });
    const conversationId = `c-${++n}`;
    message = (text, extra = {}) => ({
      channelId: 'webchat',
      conversationId,
      customerId: 'webchat:ada',
      text,
      sourceKey: `webchat|${conversationId}|${text}`,
      messageId: n,
      hasFirstIntent: false,
      language: 'en',
      ...extra,
    });
  });

  const texts = (d: Decision) => d.replies.map((r: Partial<Activity>) => r.text ?? r.speak ?? '');
  /** Decides, then applies the effects as the pipeline does once the replies were sent. */
  const decide = async (text: string, u?: Understanding, state: SupportState = initialState(), extra?: Partial<CustomerMessage>) => {
    const decision = await dialog.decide(message(text, extra), state, u);
    await applyEffects(repos, decision.effects);
    return decision;
  };

  it('greets with the top topics', async () => {
    const d = await decide('hello', understood('greeting'));
    expect(texts(d)[0]).to.match(/Pebble & Pine assistant/);
    expect(d.replies[0].suggestedActions?.actions.map((a) => a.title)).to.include('Talk to a person');
    expect(d.handoff).to.equal(undefined);
  });

  it('acknowledges thanks and offers more help', async () => {
    const d = await decide('thanks a lot', understood('thanks'));
    expect(texts(d)).to.deep.equal(["You're welcome! Is there anything else I can help with?"]);
  });

  it('says goodbye, sends the survey once and ends the conversation', async () => {
    const bye = await decide('bye', understood('goodbye'));
    expect(texts(bye)[0]).to.match(/Have a lovely day/);
    expect(bye.replies[1].attachments?.[0].contentType).to.equal('application/vnd.microsoft.card.adaptive');
    expect(repos.conversations.ended.get(message('').conversationId)?.reason).to.equal('goodbye');
    const again = await decide('bye', understood('goodbye'));
    expect(again.replies, 'no second survey').to.have.length(1);
  });

  it('hands an upset customer to a person with raised priority', async () => {
    const d = await decide('this is awful, where is my parcel', understood('track_order', { sentiment: -0.9 }));
    expect(d.handoff).to.include({ reason: 'upset', intent: 'track_order', priority: 'high' });
  });

  it('hands an upset out-of-scope message to a person rather than the fallback', async () => {
    const d = await decide('you people are useless', understood('review', { outOfScope: true, sentiment: -0.9 }));
    expect(d.handoff?.reason).to.equal('upset');
  });

  it('opens a high-priority ticket for a complaint, urgent for an at-risk customer', async () => {
    const d = await decide('I want to complain', understood('complaint'));
    expect(d.handoff).to.include({ reason: 'complaint', priority: 'high', intent: 'complaint' });
    repos.customers.atRisk.add('webchat:ada');
    const risky = await decide('I want to complain', understood('complaint'));
    expect(risky.handoff?.priority).to.equal('urgent');
  });

  it('hands off at once when asked for a person, with the activity as the ticket key', async () => {
    const d = await decide('talk to a person');
    expect(d.handoff).to.deep.include({ reason: 'asked_for_person', sourceKey: message('talk to a person').sourceKey });
    expect(await dialog.textToUnderstand(message('talk to a person'), initialState()), 'no NLU for a quick reply').to.equal(undefined);
  });

  it('answers out of scope politely, flags the conversation and sets no first intent', async () => {
    const d = await decide('what is the capital of peru', understood('place_order', { outOfScope: true }));
    expect(texts(d)[0]).to.match(/not something I can help with/);
    expect(d.replies[0].suggestedActions?.actions.map((a) => a.title)).to.include('Talk to a person');
    expect(repos.conversations.flags.get(message('').conversationId)).to.deep.equal({ out_of_scope: true });
    expect(repos.conversations.firstIntents.size).to.equal(0);
    expect(d.understanding?.outOfScope).to.equal(true);
  });

  it('asks which of two close intents was meant, then answers the chosen one without the NLU', async () => {
    const close = understood('return_item', {
      margin: 0.05,
      alternatives: [
        { intent: 'return_item', confidence: 0.5 },
        { intent: 'get_refund', confidence: 0.45 },
      ],
    });
    const asked = await decide('send back and money', close);
    expect(texts(asked)[0]).to.equal('Just to be sure: do you mean "Return an item" or "Get a refund"?');
    expect(asked.state.clarify).to.deep.include({ text: 'send back and money', options: ['return_item', 'get_refund'] });
    expect(await dialog.textToUnderstand(message('Return an item'), asked.state)).to.equal(undefined);
    const chosen = await decide('Return an item', undefined, asked.state);
    expect(chosen.replies[0].attachments?.[0].content.body[0].text).to.equal('Returning an item');
    expect(chosen.state.clarify).to.equal(undefined);
    expect(chosen.state.kb?.query, 'the original question is the KB query').to.equal('send back and money');
  });

  it('records the first intent once and answers from the KB with a card', async () => {
    const d = await decide('how do I return a jacket', understood('return_item'));
    expect(d.replies[0].attachments?.[0].content.actions.map((a: { title: string }) => a.title)).to.include('Yes, that solved it');
    expect(d.state.kb?.articleId).to.equal('returns');
    expect(repos.conversations.firstIntents.get(message('').conversationId)).to.equal('return_item');
    await decide('and a refund?', understood('get_refund'));
    expect(repos.conversations.firstIntents.get(message('').conversationId)).to.equal('return_item');
  });

  it('counts a "yes" to an article as resolved by the bot, once', async () => {
    const answered = await decide('how do I return a jacket', understood('return_item'));
    const yes = await decide('yes', undefined, answered.state);
    expect(texts(yes)[0]).to.equal("Great, I'm glad that helped!");
    expect(repos.conversations.flags.get(message('').conversationId)).to.deep.equal({ resolved_by_bot: true });
    expect(repos.feedback.kbVotes.get(`${message('').conversationId}|returns`)).to.equal(true);
    const repeated = await decide('', undefined, answered.state, { action: { sb: 'kb', articleId: 'returns', helpful: true } });
    expect(repeated.replies, 'a repeated click changes nothing').to.have.length(0);
  });

  it('escalates after two misses with the priority raised', async () => {
    const first = await decide('gizmo widget thing', understood('track_order'));
    expect(texts(first)[0]).to.match(/couldn't find an answer/);
    expect(first.state.misses).to.equal(1);
    const second = await decide('gizmo widget thing again', understood('track_order'), first.state);
    expect(second.handoff).to.include({ reason: 'kb_failed', intent: 'track_order', priority: 'high' });
    expect(second.state.misses, 'reset after the handoff').to.equal(0);
  });

  it('confirms before asking the team to delete an account', async () => {
    const asked = await decide('delete my account', understood('delete_account'));
    expect(texts(asked)[1]).to.match(/delete your account for you/);
    expect(asked.state.confirm).to.equal('delete_account');
    const no = await decide('no', undefined, asked.state);
    expect(no.handoff).to.equal(undefined);
    const yes = await decide('yes', undefined, asked.state);
    expect(yes.handoff).to.include({ reason: 'needs_agent', intent: 'delete_account' });
  });

  it('stores a survey answer once with the sentiment of its comment', async () => {
    await repos.feedback.surveySent({ conversationId: 'rated', customerId: 'webchat:ada', channelId: 'webchat', kind: 'kb', now: 1 });
    const action = { sb: 'survey' as const, kind: 'kb' as const, conversationId: 'rated', rating: 5, comment: ' slow ' };
    const first = await decide('', undefined, initialState(), { action });
    expect(texts(first)[0]).to.match(/Thank you for your feedback/);
    expect(repos.feedback.surveys.get('rated|kb')).to.include({ rating: 5, comment: 'slow', sentiment: -0.8 });
    expect(repos.conversations.flags.get('rated')).to.deep.equal({ resolved_by_bot: true });
    const second = await decide('', undefined, initialState(), { action });
    expect(texts(second)[0]).to.match(/already rated/);
  });

  it('writes nothing while deciding: a turn that fails before answering is decided the same again', async () => {
    const answered = await decide('how do I return a jacket', understood('return_item'));
    const first = await dialog.decide(message('yes'), answered.state);
    expect(repos.feedback.kbVotes.size, 'no vote stored yet').to.equal(0);
    expect(repos.conversations.flags.size).to.equal(0);
    const retried = await dialog.decide(message('yes'), answered.state);
    expect(texts(retried)).to.deep.equal(texts(first));
    expect(retried.effects).to.have.length(first.effects.length);
    const bye = await dialog.decide(message('bye'), initialState(), understood('goodbye'));
    expect(repos.conversations.ended.size, 'not ended yet').to.equal(0);
    expect(repos.feedback.surveys.size, 'no survey recorded yet').to.equal(0);
    expect(bye.effects.map((e) => e.type)).to.deep.equal(['first_intent', 'survey_sent', 'end']);
  });

  describe('typed survey answers', () => {
    const sendSurvey = (conversationId: string, now = Date.now()) =>
      repos.feedback.surveySent({ conversationId, customerId: 'webchat:ada', channelId: 'webchat', kind: 'agent', now });

    for (const [typed, rating] of [
      ['5', 5],
      ['five', 5],
      ['Four.', 4],
      ['5/5', 5],
      ['4 stars', 4],
      ['★★★★', 4],
      ['2', 2],
    ] as const) {
      it(`stores "${typed}" as a rating of ${rating} for the pending survey, without the NLU`, async () => {
        await sendSurvey('handed-off');
        expect(await dialog.textToUnderstand(message(typed), initialState()), 'no NLU for a rating').to.equal(undefined);
        expect(await dialog.isSurveyAnswer(message(typed))).to.equal(true);
        const d = await decide(typed);
        expect(texts(d)[0]).to.match(/^Thank you/);
        expect(repos.feedback.surveys.get('handed-off|agent')).to.include({ rating, comment: null });
      });
    }

    it('leaves a number to the NLU when no survey is pending, or only an old one', async () => {
      expect(await dialog.textToUnderstand(message('5'), initialState())).to.equal('5');
      expect(await dialog.isSurveyAnswer(message('5'))).to.equal(false);
      await sendSurvey('long-ago', Date.now() - 2 * 24 * 3_600_000);
      expect(await dialog.textToUnderstand(message('5'), initialState()), 'a survey sent two days ago').to.equal('5');
    });

    it('answers a second typed rating as a text for the NLU once the survey is answered', async () => {
      await sendSurvey('once');
      await decide('4');
      expect(await dialog.isSurveyAnswer(message('1'))).to.equal(false);
      expect(repos.feedback.surveys.get('once|agent')?.rating).to.equal(4);
    });
  });

  describe('closings after a KB answer', () => {
    for (const closing of ['ok', 'okay', 'ok bye', 'bye', 'thanks', 'thank you', 'cheers']) {
      it(`does not count "${closing}" as "Yes, that solved it"`, async () => {
        const answered = await decide('how do I return a jacket', understood('return_item'));
        expect(await dialog.textToUnderstand(message(closing), answered.state), 'the NLU reads it').to.equal(closing);
        const d = await decide(closing, understood('goodbye'), answered.state);
        expect(repos.feedback.kbVotes.size, 'no KB vote').to.equal(0);
        expect(repos.conversations.flags.get(message('').conversationId)?.resolved_by_bot).to.equal(undefined);
        expect(texts(d)[0]).to.match(/Have a lovely day/);
      });
    }
  });

  it('does not change the state it was given', async () => {
    const state = initialState();
    await decide('gizmo', understood('track_order'), state);
    expect(state).to.deep.equal(initialState());
  });
});
