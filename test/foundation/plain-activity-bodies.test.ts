import { expect } from 'chai';
import { ActivityTypes, CardFactory, MessageFactory, type Activity } from 'botbuilder';
import { AuthenticationConstants, ClaimsIdentity, ConnectorClient, ConnectorFactory } from 'botframework-connector';
import { FakeConnector } from '../../bench/lib/fake-connector';
import { sendPlainActivityBodies } from '../../bot/plain-activity-bodies';
import { ReusedConnectors } from '../../bot/reused-connectors';

const noCredentials = { signRequest: async (request: never) => request } as never;

/**
 * A reply like the ones the bot sends: text, a card, suggested actions, a date, channel data;
 * its accounts carry what a sender may have added to the incoming activity they were copied from.
 */
function replyActivity(): Partial<Activity> {
  const reply = MessageFactory.suggestedActions(['Yes', 'No'], 'Was this helpful? Ünïcödé ✓ "quoted" \\ back');
  const added = { injected: '<script>', isAdmin: true };
  return {
    ...reply,
    attachments: [CardFactory.adaptiveCard({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Returns' }] })],
    from: { id: 'bot', name: 'Support', ...added },
    recipient: { id: 'dl_customer', name: 'Robin', ...added },
    conversation: { id: 'conv-1', isGroup: false, conversationType: 'personal', name: '', ...added },
    ...({ notAnActivityField: 'x' } as object),
    channelData: { tenant: { id: 't-1' }, nested: { list: [1, null, 'x'] } },
    localTimestamp: new Date(Date.UTC(2026, 10, 30, 12, 0, 0, 5)),
    replyToId: 'incoming-1',
    locale: 'de-DE',
    inputHint: 'expectingInput',
    textFormat: 'markdown',
  };
}

describe('sendPlainActivityBodies', () => {
  let connector: FakeConnector;
  let serviceUrl: string;
  beforeEach(async () => {
    connector = new FakeConnector();
    serviceUrl = await connector.start();
  });
  afterEach(async () => {
    await connector.stop();
  });

  it("sends replies, new messages and updates as the same JSON the connector's Activity model made", async () => {
    const stock = new ConnectorClient(noCredentials, { baseUri: serviceUrl });
    const plain = sendPlainActivityBodies(new ConnectorClient(noCredentials, { baseUri: serviceUrl }));
    for (const client of [stock, plain]) {
      const replied = await client.conversations.replyToActivity('conv-1', 'incoming-1', replyActivity());
      expect(replied.id).to.be.a('string');
      await client.conversations.sendToConversation('conv-1', replyActivity());
      await client.conversations.updateActivity('conv-1', 'sent-1', { ...replyActivity(), id: 'sent-1', type: ActivityTypes.Message });
    }
    expect(connector.calls).to.have.length(6);
    const [stockCalls, plainCalls] = [connector.calls.slice(0, 3), connector.calls.slice(3)];
    for (const [i, call] of plainCalls.entries()) {
      expect({ method: call.method, path: call.path }).to.deep.equal({ method: stockCalls[i].method, path: stockCalls[i].path });
      expect(call.body).to.deep.equal(stockCalls[i].body);
    }
    expect(plainCalls[0].body.localTimestamp).to.equal('2026-11-30T12:00:00.005Z');
    // What the model dropped is dropped: unknown fields of the activity and of its accounts.
    for (const call of plainCalls) {
      expect(call.body).to.not.have.property('notAnActivityField');
      for (const account of [call.body.from, call.body.recipient, call.body.conversation]) expect(account).to.not.have.property('injected');
    }
  });

  it("keeps an entity's own fields, which the model dropped (the bot sends no entities today)", async () => {
    const entity = { type: 'https://schema.org/Message', '@type': 'Message', keywords: ['returns'] };
    const plain = sendPlainActivityBodies(new ConnectorClient(noCredentials, { baseUri: serviceUrl }));
    await plain.conversations.sendToConversation('conv-1', { ...replyActivity(), entities: [entity] });
    expect(connector.calls[0].body.entities).to.deep.equal([entity]);
  });

  it('is how the connector clients kept across turns send (bot/reused-connectors.ts)', async () => {
    const stock = new (class extends ConnectorFactory {
      async create(url: string): Promise<ConnectorClient> {
        return new ConnectorClient(noCredentials, { baseUri: url });
      }
    })();
    const claims = new ClaimsIdentity([{ type: AuthenticationConstants.AudienceClaim, value: 'bot-app' }], true);
    const kept = await new ReusedConnectors().factoryFor(stock, claims).create(serviceUrl);
    const entity = { type: 'https://schema.org/Message', '@type': 'Message', keywords: ['returns'] };
    await kept.conversations.sendToConversation('conv-1', { ...replyActivity(), entities: [entity] });
    // Only the plain body keeps an entity's own fields.
    expect(connector.calls[0].body.entities).to.deep.equal([entity]);
  });

  it('takes the stock path for an activity spec whose model names it cannot find (it would otherwise send nothing)', async () => {
    const seen: unknown[][] = [];
    const client = { sendOperationRequest: async (...args: unknown[]) => seen.push(args) } as unknown as ConnectorClient;
    const spec = {
      httpMethod: 'POST',
      requestBody: { parameterPath: 'activity', mapper: { type: { name: 'Composite', className: 'Activity' } } },
      serializer: { modelMappers: {} },
      responses: {},
    } as never;
    const args = { activity: { type: 'message', text: 'hi' } };
    await sendPlainActivityBodies(client).sendOperationRequest(args, spec);
    expect(seen[0][0]).to.equal(args);
    expect(seen[0][1]).to.equal(spec);
  });

  it('still refuses a missing activity, and still reads an error response as a RestError with its status', async () => {
    const plain = sendPlainActivityBodies(new ConnectorClient(noCredentials, { baseUri: serviceUrl }));
    let missing: unknown;
    await plain.conversations.sendToConversation('conv-1', undefined as never).catch((error: unknown) => (missing = error));
    expect(String(missing)).to.match(/activity/i);
    connector.failWith = () => 403;
    let refused: unknown;
    await plain.conversations.replyToActivity('conv-1', 'incoming-1', replyActivity()).catch((error: unknown) => (refused = error));
    expect(refused).to.include({ name: 'RestError', statusCode: 403 });
    expect(connector.calls.filter((c) => c.method === 'POST')).to.have.length(1);
  });
});
