import { expect } from 'chai';
import { KnexStateStorage } from '../../store/state-storage';
import { createSqliteDatabase } from '../helpers/databases';
import { messageActivity, postActivity } from '../../bench/lib/activities';
import { startTestApp } from '../helpers/test-app';

describe('restart', () => {
  it('keeps conversations, messages and bot state in the database across a restart', async () => {
    const database = await createSqliteDatabase();
    const first = await startTestApp({ database });
    await postActivity(first.url, messageActivity({ serviceUrl: first.connector.url, conversationId: 'r1', text: 'hello' }));
    await new KnexStateStorage(first.app.db).write({ 'webchat/conversations/r1': { dialogStack: ['kb'] } });
    await first.stop();
    await first.connector.stop();

    const second = await startTestApp({ database });
    try {
      const state = await new KnexStateStorage(second.app.db).read(['webchat/conversations/r1']);
      expect(state['webchat/conversations/r1'].dialogStack).to.deep.equal(['kb']);
      await postActivity(second.url, messageActivity({ serviceUrl: second.connector.url, conversationId: 'r1', text: 'again' }));
      const conversations = await second.app.db('conversations');
      expect(conversations, 'the same conversation continues').to.have.length(1);
      expect(await second.app.db('messages').where({ role: 'customer' })).to.have.length(2);
    } finally {
      await second.dispose();
    }
  });
});
