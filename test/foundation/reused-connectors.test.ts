import { expect } from 'chai';
import { AuthenticationConstants, ClaimsIdentity, ConnectorClient, ConnectorFactory, type UserTokenClient } from 'botframework-connector';
import { ReusedConnectors } from '../../bot/reused-connectors';

/** A connector factory that counts the clients it builds (and can be told to fail). */
class CountingFactory extends ConnectorFactory {
  built: string[] = [];
  failNext = false;

  async create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    this.built.push(`${serviceUrl} ${audience ?? ''}`);
    if (this.failNext) {
      this.failNext = false;
      throw new Error('no credentials');
    }
    return new ConnectorClient({ signRequest: async (request: never) => request } as never, { baseUri: serviceUrl });
  }
}

const claimsOf = (appId: string) => new ClaimsIdentity([{ type: AuthenticationConstants.AudienceClaim, value: appId }], true);

describe('ReusedConnectors', () => {
  it('builds one connector client per app id, service URL and audience and hands it to every later turn', async () => {
    const reused = new ReusedConnectors();
    const stock = new CountingFactory();
    const first = await reused.factoryFor(stock, claimsOf('bot-a')).create('http://127.0.0.1:1/a');
    const again = await reused.factoryFor(stock, claimsOf('bot-a')).create('http://127.0.0.1:1/a');
    expect(again).to.equal(first);
    await reused.factoryFor(stock, claimsOf('bot-a')).create('http://127.0.0.1:1/b');
    await reused.factoryFor(stock, claimsOf('bot-b')).create('http://127.0.0.1:1/a');
    await reused.factoryFor(stock, claimsOf('bot-a')).create('http://127.0.0.1:1/a', 'skill-audience');
    expect(stock.built).to.have.length(4);
  });

  it('forgets a client whose creation failed, so the next turn tries again', async () => {
    const reused = new ReusedConnectors();
    const stock = new CountingFactory();
    stock.failNext = true;
    const factory = reused.factoryFor(stock, claimsOf('bot-a'));
    await factory.create('http://127.0.0.1:1/a').then(
      () => expect.fail('should fail'),
      (error: Error) => expect(error.message).to.equal('no credentials'),
    );
    const client = await factory.create('http://127.0.0.1:1/a');
    expect(client).to.be.instanceOf(ConnectorClient);
    expect(stock.built).to.have.length(2);
  });

  it('keeps at most 64 clients, the least recently used going first: a client naming a new service URL every turn neither fills memory nor pushes out the clients in use', async () => {
    const reused = new ReusedConnectors();
    const stock = new CountingFactory();
    const factory = reused.factoryFor(stock, claimsOf('bot-a'));
    const inUse = await factory.create('http://127.0.0.1:1/in-use');
    for (let i = 0; i < 200; i++) {
      await factory.create(`http://127.0.0.1:1/${i}`);
      // The service URL of real turns, used all along, is never pushed out.
      if (i % 10 === 0) expect(await factory.create('http://127.0.0.1:1/in-use')).to.equal(inUse);
    }
    await factory.create('http://127.0.0.1:1/199');
    expect(stock.built).to.have.length(201);
    await factory.create('http://127.0.0.1:1/0');
    expect(stock.built).to.have.length(202);
  });

  it('keeps one user token client per app id', async () => {
    const reused = new ReusedConnectors();
    let made = 0;
    const create = async () => {
      made++;
      return {} as UserTokenClient;
    };
    const a = await reused.userTokenClientFor(claimsOf('bot-a'), create);
    expect(await reused.userTokenClientFor(claimsOf('bot-a'), create)).to.equal(a);
    await reused.userTokenClientFor(claimsOf('bot-b'), create);
    expect(made).to.equal(2);
  });
});
