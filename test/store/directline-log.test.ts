import { expect } from 'chai';
import type { Knex } from '../../store/db';
import { appendDlActivity, createDlConversation, listDlActivities } from '../../store/directline';
import { NotFoundError } from '../../store/errors';
import { describeEachEngine, useMigratedDatabase } from '../helpers/databases';

describeEachEngine('Direct Line activity log', (engine) => {
  let db: Knex;
  useMigratedDatabase(engine, (opened) => {
    db = opened;
  });
  const append = (activityId: string, clientActivityId?: string, conversationId = 'dl-1') =>
    appendDlActivity(db, { conversationId, activityId, clientActivityId, activity: { id: activityId, text: activityId }, now: 1_000 });

  describe('appendDlActivity', () => {
    it('gives increasing seqs, and the first delivery again for a repeated client activity id', async () => {
      await createDlConversation(db, { id: 'dl-1', userId: 'dl_user0001', now: 1_000 });
      const first = await append('a1', 'client-1');
      const reply = await append('a2');
      const retried = await append('a3', 'client-1');
      expect(reply.seq).to.be.greaterThan(first.seq);
      expect(retried).to.deep.equal({ seq: first.seq, duplicate: true, activity: { id: 'a1', text: 'a1' } });
      expect((await listDlActivities(db, 'dl-1', 0, 10)).map((a) => a.activity.id)).to.deep.equal(['a1', 'a2']);
    });

    it('refuses an activity for a conversation that does not exist and stores nothing', async () => {
      let failure: unknown;
      await append('x1', undefined, 'no-such-conversation').catch((error: unknown) => (failure = error));
      expect(failure).to.be.an.instanceOf(NotFoundError);
      expect(await db('dl_activities').where({ conversation_id: 'no-such-conversation' })).to.deep.equal([]);
    });
  });
});
