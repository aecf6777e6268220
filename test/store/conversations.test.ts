import { expect } from 'chai';
import { currentConversation, setFirstIntent } from '../../store/conversations';
import { upsertCustomer } from '../../store/customers';
import type { Knex } from '../../store/db';
import { describeEachEngine, useMigratedDatabase } from '../helpers/databases';

describeEachEngine('conversations', (engine) => {
  let db: Knex;
  useMigratedDatabase(engine, (opened) => {
    db = opened;
  });

  describe('setFirstIntent', () => {
    it('keeps the intent of the first classified message', async () => {
      const now = 1_000_000;
      const customerId = await upsertCustomer(db, { channelId: 'webchat', channelUserId: 'u1' }, now);
      const conversation = await currentConversation(db, {
        channelId: 'webchat',
        channelConversationId: 'c1',
        customerId,
        now,
        idleMs: 60_000,
      });
      await setFirstIntent(db, conversation.id, 'track_order');
      await setFirstIntent(db, conversation.id, 'refund_status');
      const row = await db('conversations').where({ id: conversation.id }).first('first_intent');
      expect(row.first_intent).to.equal('track_order');
    });
  });
});
