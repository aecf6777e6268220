import { expect } from 'chai';
import { generateKeyPair } from 'jose';
import { messageActivity, postActivity } from '../../bench/lib/activities';
import { FakeIdentityProvider, startCredentialedApp } from '../helpers/fake-identity';
import type { TestApp } from '../helpers/test-app';

const APP_ID = '6f1f5e1e-1111-4c2b-9a4e-0000000000aa';

describe('Bot Framework authentication with credentials configured', () => {
  let identity: FakeIdentityProvider;
  let t: TestApp;

  before(async () => {
    identity = new FakeIdentityProvider();
    await identity.start();
    t = await startCredentialedApp(identity, APP_ID);
  });
  after(async () => {
    await t.dispose();
    await identity.stop();
  });

  const activity = (conversationId: string) =>
    messageActivity({ serviceUrl: t.connector.url, conversationId, text: 'hello', channelId: 'webchat' });
  const customerMessages = async (conversationId: string) =>
    (
      await t.app
        .db('messages')
        .join('conversations', 'conversations.id', 'messages.conversation_id')
        .where({ channel_conversation_id: conversationId })
    ).length;

  it('answers 401 and runs no turn without an Authorization header', async () => {
    const res = await postActivity(t.url, activity('no-auth'));
    expect(res.status).to.equal(401);
    expect(await customerMessages('no-auth')).to.equal(0);
    expect(t.connector.messagesTo('no-auth')).to.have.length(0);
  });

  it('answers 401 and runs no turn for a token signed with another key', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await identity.channelToken(APP_ID, t.connector.url, privateKey);
    const res = await postActivity(t.url, activity('forged'), { Authorization: `Bearer ${forged}` });
    expect(res.status).to.equal(401);
    expect(await customerMessages('forged')).to.equal(0);
  });

  it('answers 401 for a valid signature but another bot as audience', async () => {
    const other = await identity.channelToken('00000000-0000-0000-0000-000000000000', t.connector.url);
    const res = await postActivity(t.url, activity('wrong-aud'), { Authorization: `Bearer ${other}` });
    expect(res.status).to.equal(401);
  });

  it('runs the turn for a correctly signed channel token', async () => {
    const token = await identity.channelToken(APP_ID, t.connector.url);
    const res = await postActivity(t.url, activity('signed'), { Authorization: `Bearer ${token}` });
    expect(res.status).to.equal(200);
    expect(await customerMessages('signed')).to.be.greaterThan(0);
    await t.connector.waitFor(() => t.connector.messagesTo('signed').length > 0);
  });
});
