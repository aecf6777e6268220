import { expect } from 'chai';
import type { FeedbackRepository } from '../../../store/repositories';
import type { Contract, Subject } from './backends';

const T0 = 4_000_000;

export const feedbackContract: Contract<Subject<{ feedback: FeedbackRepository }>> = (make) => {
  async function setUp() {
    const { repos, probe } = await make();
    const c = await probe.conversation();
    const sent = (kind: 'agent' | 'kb', now = T0) => repos.feedback.surveySent({ ...c, channelId: 'webchat', kind, now });
    const answer = (over: { customerId?: string; kind?: 'agent' | 'kb'; rating?: number } = {}) =>
      repos.feedback.surveyAnswered({
        conversationId: c.conversationId,
        customerId: over.customerId ?? c.customerId,
        kind: over.kind ?? 'agent',
        rating: over.rating ?? 5,
        comment: 'thanks',
        sentiment: 0.8,
        now: T0 + 1,
      });
    const vote = (articleId: string, helpful: boolean) =>
      repos.feedback.kbVoted({ conversationId: c.conversationId, articleId, helpful, channelId: 'webchat', now: T0 });
    const pending = (since = T0) => repos.feedback.pendingSurvey(c.customerId, since);
    return { sent, answer, vote, pending, c, repos };
  }

  it('surveySent is true once per conversation and kind', async () => {
    const { sent } = await setUp();
    expect(await sent('agent')).to.equal(true);
    expect(await sent('agent', T0 + 5)).to.equal(false);
    expect(await sent('kb')).to.equal(true);
  });

  it('surveyAnswered is true once, only for a sent survey and only for its customer', async () => {
    const { sent, answer } = await setUp();
    expect(await answer(), 'not sent yet').to.equal(false);
    await sent('agent');
    expect(await answer({ customerId: 'webchat:someone-else' }), 'another customer').to.equal(false);
    expect(await answer({ kind: 'kb' }), 'another kind').to.equal(false);
    expect(await answer({ rating: 4 })).to.equal(true);
    expect(await answer({ rating: 1 }), 'second answer').to.equal(false);
  });

  it('pendingSurvey is the latest unanswered survey sent since the given time', async () => {
    const { sent, answer, pending, c } = await setUp();
    expect(await pending(), 'nothing sent').to.equal(undefined);
    await sent('kb', T0);
    await sent('agent', T0 + 1);
    expect(await pending()).to.deep.equal({ conversationId: c.conversationId, kind: 'agent' });
    expect(await pending(T0 + 2), 'sent before the window').to.equal(undefined);
    await answer({ kind: 'agent' });
    expect(await pending(), 'the agent survey is answered').to.deep.equal({ conversationId: c.conversationId, kind: 'kb' });
  });

  it('kbVoted is true once per conversation and article', async () => {
    const { vote } = await setUp();
    expect(await vote('returns', true)).to.equal(true);
    expect(await vote('returns', false)).to.equal(false);
    expect(await vote('shipping', false)).to.equal(true);
  });

  it('reads back what was sent, answered and voted', async () => {
    const { sent, answer, vote, c, repos } = await setUp();
    expect(await repos.feedback.wasSurveySent(c.conversationId, 'agent')).to.equal(false);
    expect(await repos.feedback.awaitsSurveyAnswer(c.conversationId, c.customerId, 'agent'), 'not sent').to.equal(false);
    await sent('agent');
    expect(await repos.feedback.wasSurveySent(c.conversationId, 'agent')).to.equal(true);
    expect(await repos.feedback.wasSurveySent(c.conversationId, 'kb'), 'another kind').to.equal(false);
    expect(await repos.feedback.awaitsSurveyAnswer(c.conversationId, c.customerId, 'agent')).to.equal(true);
    expect(await repos.feedback.awaitsSurveyAnswer(c.conversationId, 'webchat:someone-else', 'agent'), 'another customer').to.equal(false);
    await answer();
    expect(await repos.feedback.awaitsSurveyAnswer(c.conversationId, c.customerId, 'agent'), 'answered').to.equal(false);
    expect(await repos.feedback.hasKbVote(c.conversationId, 'returns')).to.equal(false);
    await vote('returns', true);
    expect(await repos.feedback.hasKbVote(c.conversationId, 'returns')).to.equal(true);
    expect(await repos.feedback.hasKbVote(c.conversationId, 'shipping')).to.equal(false);
  });
};
