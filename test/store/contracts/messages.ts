import { expect } from 'chai';
import type { IncomingMessage } from '../../../store/messages';
import type { MessageRepository } from '../../../store/repositories';
import type { Contract, Subject } from './backends';

const T0 = 1_000_000;

/** A customer's typed message at T0 with dedup key `k1`, changed by `over`. */
function incoming(conversationId: string, over: Partial<IncomingMessage> = {}): IncomingMessage {
  return {
    conversationId,
    channelId: 'webchat',
    dedupKey: 'webchat|conv|k1',
    activityId: 'k1',
    role: 'customer',
    kind: 'text',
    text: 'where is my parcel?',
    value: undefined,
    language: 'en',
    now: T0,
    ...over,
  };
}

export const messagesContract: Contract<Subject<{ messages: MessageRepository }>> = (make) => {
  async function setUp() {
    const { repos, probe } = await make();
    const { conversationId } = await probe.conversation();
    return { messages: repos.messages, conversationId };
  }

  it('claim inserts a message once per dedup key', async () => {
    const { messages, conversationId } = await setUp();
    const first = await messages.claim(incoming(conversationId), T0 + 30_000);
    expect(first.status).to.equal('claimed');
    await messages.claim(incoming(conversationId, { now: T0 + 1 }), T0 + 30_001);
    const rows = await messages.list(conversationId);
    expect(rows.map((r) => r.id)).to.deep.equal([first.id]);
    expect(rows[0]).to.include({
      dedup_key: 'webchat|conv|k1',
      direction: 'in',
      role: 'customer',
      kind: 'text',
      text: 'where is my parcel?',
    });
    expect(Number(rows[0].claim_until)).to.equal(T0 + 30_000);
  });

  it('a second claim of a key whose claim is unexpired is busy until the first claim ends', async () => {
    const { messages, conversationId } = await setUp();
    const first = await messages.claim(incoming(conversationId), T0 + 30_000);
    const second = await messages.claim(incoming(conversationId, { now: T0 + 29_999 }), T0 + 60_000);
    expect(second).to.deep.equal({ status: 'busy', id: first.id, claimUntil: T0 + 30_000 });
    expect(await messages.retake(first.id, T0 + 29_999, T0 + 60_000)).to.deep.equal({
      status: 'busy',
      id: first.id,
      claimUntil: T0 + 30_000,
    });
  });

  it('after markHandled a claim or retake reports handled, and the understanding is stored', async () => {
    const { messages, conversationId } = await setUp();
    const first = await messages.claim(incoming(conversationId), T0 + 30_000);
    await messages.markHandled(first.id, T0 + 500, {
      intent: 'track_order',
      confidence: 0.9,
      outOfScope: false,
      sentiment: -0.5,
      entities: [{ type: 'order', value: 'PP-1' }],
    });
    expect(await messages.claim(incoming(conversationId, { now: T0 + 40_000 }), T0 + 70_000)).to.deep.equal({
      status: 'handled',
      id: first.id,
    });
    expect(await messages.retake(first.id, T0 + 40_000, T0 + 70_000)).to.deep.equal({ status: 'handled', id: first.id });
    const [row] = await messages.list(conversationId);
    expect(row).to.include({ intent: 'track_order', handled_at: T0 + 500, claim_until: null });
    expect(row.confidence).to.be.closeTo(0.9, 1e-6);
    expect(row.sentiment).to.be.closeTo(-0.5, 1e-6);
    expect(Boolean(row.out_of_scope)).to.equal(false);
    expect(JSON.parse(row.entities ?? 'null')).to.deep.equal([{ type: 'order', value: 'PP-1' }]);
  });

  it('after release the next claim gets the same message claimed again, without a second row, in its first language', async () => {
    const { messages, conversationId } = await setUp();
    const first = await messages.claim(incoming(conversationId), T0 + 30_000);
    await messages.release(first.id);
    const redelivered = incoming(conversationId, { now: T0 + 1, language: 'de' });
    expect(await messages.claim(redelivered, T0 + 30_001)).to.deep.equal({ status: 'claimed', id: first.id, language: 'en' });
    await messages.release(first.id);
    expect(await messages.retake(first.id, T0 + 2, T0 + 30_002)).to.deep.equal({ status: 'claimed', id: first.id, language: 'en' });
    expect(await messages.list(conversationId)).to.have.length(1);
  });

  it('renew extends a running claim and refuses a handled or released one', async () => {
    const { messages, conversationId } = await setUp();
    const first = await messages.claim(incoming(conversationId), T0 + 30_000);
    expect(await messages.renew(first.id, T0 + 90_000)).to.equal(true);
    expect(await messages.retake(first.id, T0 + 60_000, T0 + 120_000), 'still held after the first lease').to.deep.equal({
      status: 'busy',
      id: first.id,
      claimUntil: T0 + 90_000,
    });
    await messages.release(first.id);
    expect(await messages.renew(first.id, T0 + 150_000), 'released').to.equal(false);
    const again = await messages.claim(incoming(conversationId, { now: T0 + 1 }), T0 + 30_001);
    await messages.markHandled(again.id, T0 + 2);
    expect(await messages.renew(again.id, T0 + 150_000), 'handled').to.equal(false);
  });

  it('release does not reopen a handled message', async () => {
    const { messages, conversationId } = await setUp();
    const first = await messages.claim(incoming(conversationId), T0 + 30_000);
    await messages.markHandled(first.id, T0 + 10);
    await messages.release(first.id);
    expect(await messages.retake(first.id, T0 + 20, T0 + 30_020)).to.deep.equal({ status: 'handled', id: first.id });
  });

  it('an expired claim is taken over by retake (and by a redelivered claim)', async () => {
    const { messages, conversationId } = await setUp();
    const first = await messages.claim(incoming(conversationId), T0 + 30_000);
    expect(await messages.retake(first.id, T0 + 30_000, T0 + 60_000)).to.deep.equal({ status: 'claimed', id: first.id, language: 'en' });
    expect(await messages.claim(incoming(conversationId, { now: T0 + 59_999 }), T0 + 90_000)).to.deep.equal({
      status: 'busy',
      id: first.id,
      claimUntil: T0 + 60_000,
    });
    expect(await messages.claim(incoming(conversationId, { now: T0 + 60_000 }), T0 + 90_000)).to.deep.equal({
      status: 'claimed',
      id: first.id,
      language: 'en',
    });
    expect(await messages.list(conversationId)).to.have.length(1);
  });

  it('claims without a dedup key always insert', async () => {
    const { messages, conversationId } = await setUp();
    const a = await messages.claim(incoming(conversationId, { dedupKey: null, activityId: null }), T0 + 30_000);
    const b = await messages.claim(incoming(conversationId, { dedupKey: null, activityId: null }), T0 + 30_000);
    expect([a.status, b.status]).to.deep.equal(['claimed', 'claimed']);
    expect(a.id).to.not.equal(b.id);
    expect((await messages.list(conversationId)).map((r) => r.id)).to.deep.equal([a.id, b.id]);
  });

  it('storeOutgoing answers the open customer questions and list returns the transcript in order', async () => {
    const { messages, conversationId } = await setUp();
    const q1 = await messages.claim(incoming(conversationId, { dedupKey: 'k-q1', now: T0 }), T0 + 30_000);
    const q2 = await messages.claim(incoming(conversationId, { dedupKey: 'k-q2', now: T0 + 1_000 }), T0 + 30_000);
    const reply = { conversationId, channelId: 'webchat', kind: 'text' as const, activityId: null };
    const botId = await messages.storeOutgoing({ ...reply, role: 'bot', text: 'Let me check.', now: T0 + 4_000 });
    const q3 = await messages.claim(incoming(conversationId, { dedupKey: 'k-q3', now: T0 + 5_000 }), T0 + 30_000);
    const agentId = await messages.storeOutgoing({ ...reply, role: 'agent', text: 'Hi, Sam here.', now: T0 + 9_000 });
    const rows = await messages.list(conversationId);
    expect(rows.map((r) => [r.id, r.direction, r.role])).to.deep.equal([
      [q1.id, 'in', 'customer'],
      [q2.id, 'in', 'customer'],
      [botId, 'out', 'bot'],
      [q3.id, 'in', 'customer'],
      [agentId, 'out', 'agent'],
    ]);
    const answers = rows.map((r) => [r.answered_at, r.response_ms, r.answered_by]);
    expect(answers).to.deep.equal([
      [T0 + 4_000, 4_000, 'bot'],
      [T0 + 4_000, 3_000, 'bot'],
      [null, null, null],
      [T0 + 9_000, 4_000, 'agent'],
      [null, null, null],
    ]);
    expect(rows[2]).to.include({ text: 'Let me check.', kind: 'text', dedup_key: null });
  });

  it('storeOutgoing leaves a question written after the reply unanswered', async () => {
    const { messages, conversationId } = await setUp();
    await messages.claim(incoming(conversationId, { now: T0 + 5_000 }), T0 + 30_000);
    await messages.storeOutgoing({
      conversationId,
      channelId: 'webchat',
      role: 'bot',
      kind: 'text',
      text: 'hi',
      activityId: null,
      now: T0,
    });
    const question = (await messages.list(conversationId)).find((r) => r.role === 'customer');
    expect(question?.answered_at).to.equal(null);
  });

  it('a card submit is stored with kind card_action and its payload in value, not in text', async () => {
    const { messages, conversationId } = await setUp();
    const payload = { sb: 'survey', kind: 'agent', rating: 4, comment: 'quick and kind' };
    await messages.claim(incoming(conversationId, { kind: 'card_action', text: null, value: payload }), T0 + 30_000);
    const [row] = await messages.list(conversationId);
    expect(row).to.include({ kind: 'card_action', text: null });
    expect(JSON.parse(row.value ?? 'null')).to.deep.equal(payload);
  });

  it('of 10 concurrent claims of one key exactly one is claimed and one row exists', async () => {
    const { messages, conversationId } = await setUp();
    const claims = await Promise.all(Array.from({ length: 10 }, () => messages.claim(incoming(conversationId), T0 + 30_000)));
    expect(claims.filter((c) => c.status === 'claimed')).to.have.length(1);
    expect(claims.filter((c) => c.status === 'busy')).to.have.length(9);
    expect(new Set(claims.map((c) => c.id)).size).to.equal(1);
    expect(await messages.list(conversationId)).to.have.length(1);
  });

  it('storePhotos stores the photos of a claimed message once, however often a retried turn calls it', async () => {
    const { messages, conversationId } = await setUp();
    const claim = await messages.claim(incoming(conversationId), T0 + 30_000);
    const photos = [
      { contentType: 'image/png' as const, bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47]) },
      { contentType: 'image/webp' as const, bytes: Buffer.from('RIFF') },
    ];
    const ids = await messages.storePhotos(claim.id, conversationId, photos, T0);
    expect(ids).to.have.length(2);
    expect(ids[0]).to.be.below(ids[1]);
    expect(await messages.storePhotos(claim.id, conversationId, photos, T0 + 5), 'the retry').to.deep.equal(ids);
    expect(await messages.storePhotos(claim.id, conversationId, [], T0)).to.deep.equal([]);
  });
};
