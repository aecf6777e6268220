import { expect } from 'chai';
import { DialogStates } from '../../bot/turn/dialog-states';
import type { Knex } from '../../store/db';
import { KnexStateStorage } from '../../store/state-storage';
import { describeEachEngine, useMigratedDatabase } from '../helpers/databases';

describeEachEngine('DialogStates', (engine) => {
  let db: Knex;
  let storage: KnexStateStorage;
  let states: DialogStates;
  useMigratedDatabase(engine, (opened) => {
    db = opened;
    storage = new KnexStateStorage(db);
    states = new DialogStates(storage);
  });
  beforeEach(async () => {
    await db('bot_state').delete();
  });

  const activity = { channelId: 'webchat', conversation: { id: 'conv-1' } } as const;
  const row = () => db('bot_state').where({ key: 'webchat/conversations/conv-1/' }).first();

  it('starts a conversation without stored state from the initial state', async () => {
    const loaded = await states.load(activity);
    expect(loaded.state).to.deep.equal({ misses: 0 });
    expect(loaded.stored).to.equal(undefined);
  });

  it('reads state stored the way botbuilder ConversationState stored it', async () => {
    await storage.write({ 'webchat/conversations/conv-1/': { support: { misses: 1, confirm: 'delete_account' }, eTag: '*' } });
    expect((await states.load(activity)).state).to.deep.equal({ misses: 1, confirm: 'delete_account' });
  });

  it('writes changed state in the same key and shape, and leaves unchanged state alone', async () => {
    const first = await states.load(activity);
    await states.save(first, { misses: 2 });
    const written = await row();
    expect(JSON.parse(written.data)).to.deep.equal({ support: { misses: 2 } });

    const second = await states.load(activity);
    await states.save(second, { misses: 2 });
    expect((await row()).etag, 'an unchanged state is not written again').to.equal(written.etag);

    await states.save(second, { misses: 0 });
    expect(JSON.parse((await row()).data)).to.deep.equal({ support: { misses: 0 } });
  });
});
