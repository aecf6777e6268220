import { expect } from 'chai';
import { TurnContext, type ConversationReference, type Middleware } from 'botbuilder';
import type { Knex } from 'knex';
import { DIRECTLINE_SERVICE_URL, DirectLineAdapter } from '../../bot/directline/directline-adapter';
import { createDlConversation, listDlActivities } from '../../store/directline';
import { migrateLatest, openDatabase } from '../../store/db';
import { createSqliteDatabase, type TestDatabase } from '../helpers/databases';

const BOT = { id: 'support-bot', name: 'Pebble & Pine assistant' };

describe('DirectLineAdapter', () => {
  let database: TestDatabase;
  let db: Knex;
  let adapter: DirectLineAdapter;
  let seen: string[];
  const reference: Partial<ConversationReference> = {
    channelId: 'directline',
    serviceUrl: DIRECTLINE_SERVICE_URL,
    conversation: { id: 'conv-1', isGroup: false, conversationType: '', name: '' },
    user: { id: 'dl_user12345678', name: '' },
    bot: BOT,
  };

  beforeEach(async () => {
    database = await createSqliteDatabase();
    db = openDatabase(database.url);
    await migrateLatest(db);
    await createDlConversation(db, { id: 'conv-1', userId: 'dl_user12345678', now: Date.now() });
    adapter = new DirectLineAdapter(db, BOT);
    seen = [];
    const recorder: Middleware = {
      onTurn: async (context, next) => {
        seen.push(`${context.activity.type}:${context.activity.name ?? ''}`);
        await next();
      },
    };
    adapter.use(recorder);
  });
  afterEach(async () => {
    await db.destroy();
    await database.dispose();
  });

  const stored = async () => (await listDlActivities(db, 'conv-1', 0, 100)).map((s) => s.activity);

  describe('continueConversationAsync', () => {
    it('runs the middleware and the logic, and stores what the logic sends for the widget', async () => {
      await adapter.continueConversationAsync('app-id', reference, async (context) => {
        await context.sendActivity('An agent has joined the chat.');
      });
      expect(seen).to.deep.equal(['event:ContinueConversation']);
      const [activity] = await stored();
      expect(activity).to.include({ type: 'message', text: 'An agent has joined the chat.', channelId: 'directline' });
      expect(activity.serviceUrl).to.equal(DIRECTLINE_SERVICE_URL);
      expect(activity.from).to.deep.equal({ ...BOT, role: 'bot' });
      expect((activity.recipient as { id: string }).id).to.equal('dl_user12345678');
    });

    it('accepts claims and an audience before the logic, like the CloudAdapter', async () => {
      await adapter.continueConversationAsync({ claims: [], isAuthenticated: true } as never, reference, 'audience', async (c) => {
        await c.sendActivity('relayed');
      });
      expect((await stored()).map((a) => a.text)).to.deep.equal(['relayed']);
    });
  });

  describe('sendActivities', () => {
    it('stores messages in order and drops trace activities', async () => {
      await adapter.continueConversationAsync('app-id', reference, async (context) => {
        await context.sendActivities([
          { type: 'message', text: 'one' },
          { type: 'trace', name: 'debug', value: { x: 1 } },
          { type: 'message', text: 'two' },
        ]);
      });
      expect((await stored()).map((a) => a.text)).to.deep.equal(['one', 'two']);
    });
  });

  describe('updateActivity', () => {
    it('appends the new version under the same id and the original timestamp', async () => {
      let sentId = '';
      await adapter.continueConversationAsync('app-id', reference, async (context) => {
        sentId = (await context.sendActivity('Ticket #12 is waiting for an agent'))?.id ?? '';
        const update = TurnContext.applyConversationReference({ type: 'message', id: sentId, text: 'Ticket #12 was accepted' }, reference);
        await context.updateActivity(update);
      });
      const versions = await stored();
      expect(versions.map((a) => [a.id, a.text])).to.deep.equal([
        [sentId, 'Ticket #12 is waiting for an agent'],
        [sentId, 'Ticket #12 was accepted'],
      ]);
      expect(versions[1].timestamp).to.equal(versions[0].timestamp);
    });
  });

  describe('deleteActivity', () => {
    it('removes every version of the activity', async () => {
      await adapter.continueConversationAsync('app-id', reference, async (context) => {
        const sent = await context.sendActivity('to be removed');
        await context.sendActivity('kept');
        await context.deleteActivity(sent?.id ?? '');
      });
      expect((await stored()).map((a) => a.text)).to.deep.equal(['kept']);
    });
  });

  describe('processActivity', () => {
    it('hands a failing turn to onTurnError', async () => {
      const errors: string[] = [];
      adapter.onTurnError = async (_context, error) => {
        errors.push(error.message);
      };
      await adapter.processActivity(TurnContext.applyConversationReference({ type: 'message', text: 'hi' }, reference, true), async () => {
        throw new Error('dialog broke');
      });
      expect(errors).to.deep.equal(['dialog broke']);
    });
  });
});
