import { expect } from 'chai';
import { describeEachEngine, type TestDatabase } from '../helpers/databases';
import { FakeConnector } from '../../bench/lib/fake-connector';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { poll, post, startSession, userMessage } from './directline-client';

const WEBCHAT_SECRET = 'scale-out-test-secret-0123456789abcdef';

describeEachEngine('Direct Line across app instances on one database', (engine) => {
  let database: TestDatabase;
  let connector: FakeConnector;
  let a: TestApp;
  let b: TestApp;
  before(async () => {
    database = await engine.create();
    connector = new FakeConnector();
    await connector.start();
    a = await startTestApp({ env: { WEBCHAT_SECRET }, database, connector });
    b = await startTestApp({ env: { WEBCHAT_SECRET }, database, connector });
  });
  after(async () => {
    await a?.stop();
    await b?.stop();
    await connector?.stop();
    await database?.dispose();
  });

  it('serves a conversation started on one instance from the other, watermarks included', async () => {
    const s = await startSession(a.url);
    const onB = await poll(b.url, s);
    expect(onB.activities.map((x) => x.from.role)).to.deep.equal(['bot']);

    const res = await post(b.url, s, userMessage('hello from instance B', 'scale-1'));
    expect(res.status).to.equal(200);
    const onA = await poll(a.url, s, onB.watermark);
    expect(onA.activities.map((x) => [x.from.role, x.text ?? null])).to.have.length(2);
    expect(onA.activities[0].text).to.equal('hello from instance B');
    expect(onA.activities[0].channelData.clientActivityID).to.equal('scale-1');

    await post(a.url, s, userMessage('and back on A', 'scale-2'));
    const rest = await poll(b.url, s, onA.watermark);
    expect(rest.activities.map((x) => x.from.role)).to.deep.equal(['user', 'bot']);
    expect(rest.activities[0].text).to.equal('and back on A');
    const everything = await poll(a.url, s);
    expect(everything.activities).to.have.length(5);
    expect(everything.watermark).to.equal(rest.watermark);
  });

  it('keeps the activities of concurrent posts in one order for every poller', async () => {
    const s = await startSession(a.url);
    // Several writing instances are a PostgreSQL deployment; on SQLite one instance takes the posts.
    const target = (i: number) => (engine.name === 'postgres' && i % 2 ? b.url : a.url);
    const responses = await Promise.all(Array.from({ length: 6 }, (_, i) => post(target(i), s, userMessage(`message ${i}`, `conc-${i}`))));
    expect(responses.map((r) => r.status)).to.deep.equal([200, 200, 200, 200, 200, 200]);
    const fromA = await poll(a.url, s);
    const fromB = await poll(b.url, s);
    expect(fromA.activities.map((x) => x.id)).to.deep.equal(fromB.activities.map((x) => x.id));
    expect(fromA.activities.filter((x) => x.from.role === 'user')).to.have.length(6);
  });
});
