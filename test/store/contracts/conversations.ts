import { expect } from 'chai';
import type { ConversationRepository } from '../../../store/repositories';
import type { Contract, Subject } from './backends';

const T0 = 5_000_000;

export const conversationsContract: Contract<Subject<{ conversations: ConversationRepository }>> = (make) => {
  async function setUp() {
    const { repos, probe } = await make();
    const { conversationId } = await probe.conversation();
    return { conversations: repos.conversations, conversationId, state: () => probe.conversationState(conversationId) };
  }

  it('flag sets the given flags and keeps the others', async () => {
    const { conversations, conversationId, state } = await setUp();
    expect(await state()).to.include({ handedOff: false, resolvedByBot: false, outOfScope: false });
    await conversations.flag(conversationId, { handed_off: true });
    await conversations.flag(conversationId, { out_of_scope: true });
    expect(await state()).to.include({ handedOff: true, resolvedByBot: false, outOfScope: true });
    await conversations.flag(conversationId, { out_of_scope: false, resolved_by_bot: true });
    expect(await state()).to.include({ handedOff: true, resolvedByBot: true, outOfScope: false });
  });

  it('claimGreeting is true once, again only after releaseGreeting', async () => {
    const { conversations, conversationId } = await setUp();
    const claims = await Promise.all(Array.from({ length: 5 }, () => conversations.claimGreeting(conversationId, T0)));
    expect(claims.filter(Boolean), 'one of five concurrent claims').to.have.length(1);
    expect(await conversations.claimGreeting(conversationId, T0 + 1)).to.equal(false);
    await conversations.releaseGreeting(conversationId);
    expect(await conversations.claimGreeting(conversationId, T0 + 2)).to.equal(true);
  });

  it('setFirstIntent keeps the first intent', async () => {
    const { conversations, conversationId, state } = await setUp();
    expect((await state()).firstIntent).to.equal(null);
    await conversations.setFirstIntent(conversationId, 'track_order');
    await conversations.setFirstIntent(conversationId, 'refund_status');
    expect((await state()).firstIntent).to.equal('track_order');
  });

  it('end keeps the first reason and time', async () => {
    const { conversations, conversationId, state } = await setUp();
    expect(await state()).to.include({ endReason: null, endedAt: null });
    await conversations.end(conversationId, 'goodbye', T0);
    await conversations.end(conversationId, 'idle', T0 + 1_000);
    expect(await state()).to.include({ endReason: 'goodbye', endedAt: T0 });
  });

  it('changes only the conversation named', async () => {
    const { repos, probe } = await make();
    const [a, b] = [await probe.conversation(), await probe.conversation()];
    await repos.conversations.flag(a.conversationId, { handed_off: true });
    await repos.conversations.setFirstIntent(a.conversationId, 'track_order');
    await repos.conversations.end(a.conversationId, 'agent', T0);
    expect(await probe.conversationState(b.conversationId)).to.deep.equal({
      handedOff: false,
      resolvedByBot: false,
      outOfScope: false,
      firstIntent: null,
      endReason: null,
      endedAt: null,
    });
  });
};
