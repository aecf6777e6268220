import { messagesFor } from '../../dialogs/messages';
import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { messageActivity, postActivity } from '../../bench/lib/activities';
import { TEAM, acceptInvoke, agent, botAddedToTeam } from '../../bench/lib/teams';
import { PhotoLinks } from '../../bot/photos/photo-links';
import { DAY_MS } from '../../common/time';
import { purgeOldCustomerText } from '../../store/retention';
import { issueAgent, type IssuedAgent } from '../helpers/agents';
import { describeEachEngine } from '../helpers/databases';
import { dataUri, jpegImage, pngImage, webpImage, windowsExecutable } from '../helpers/images';
import { startTestApp, TEST_ADMIN_KEY, type TestApp } from '../helpers/test-app';
import { poll, post, startSession, userMessage, type Session } from '../directline/directline-client';

const SECRET = 'photos-suite-webchat-secret-0123456789';
const MAX_UPLOAD_BYTES = 65_536;
const PUBLIC_URL = 'https://bot.example.test';
const ADMIN = { Authorization: `Bearer ${TEST_ADMIN_KEY}` };

/** A file as the widget's upload button sends it: bytes, declared type and name. */
interface UploadFile {
  bytes: Buffer<ArrayBuffer>;
  type: string;
  name: string;
}

describeEachEngine('photos from customers', (engine) => {
  let t: TestApp;
  let agentTwo: IssuedAgent;
  let sent = 0;

  before(async () => {
    t = await startTestApp({
      database: await engine.create(),
      env: { WEBCHAT_SECRET: SECRET, MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES), PUBLIC_URL, AGENT_TIMEOUT_S: '600' },
    });
    t.connector.members = [agent(1), agent(2)];
    expect((await postActivity(t.url, botAddedToTeam(t.connector.url, agent(1)))).status).to.equal(200);
    agentTwo = await issueAgent(t.url, 'Dana Desk');
  });
  after(async () => {
    await t?.dispose();
  });

  /** Posts files through the widget's upload route, as botframework-directlinejs builds the multipart body. */
  async function upload(s: Session, files: UploadFile[], text?: string, clientActivityID = `upload-${++sent}`): Promise<Response> {
    const form = new FormData();
    const activity = {
      type: 'message',
      text,
      from: { id: s.userId, role: 'user' },
      channelData: { clientActivityID },
      attachments: files.map((f) => ({ contentType: f.type, name: f.name })),
    };
    form.append('activity', new Blob([JSON.stringify(activity)], { type: 'application/vnd.microsoft.activity' }));
    for (const f of files) form.append('file', new Blob([f.bytes], { type: f.type }), f.name);
    return fetch(`${t.url}/v3/directline/conversations/${s.conversationId}/upload?userId=${s.userId}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${s.token}` },
      body: form,
    });
  }

  const botTexts = async (s: Session) =>
    (await poll(t.url, s)).activities.filter((a) => a.from?.role === 'bot' && a.type === 'message').map((a) => String(a.text ?? ''));
  const conversationOf = async (s: Session) => t.app.db('conversations').where({ channel_conversation_id: s.conversationId }).first();
  const photosOf = async (conversationId: string) => t.app.db('message_photos').where({ conversation_id: conversationId }).orderBy('id');
  const customerMessages = (conversationId: string) => t.app.db('messages').where({ conversation_id: conversationId, role: 'customer' });

  describe('the widget upload route (Direct Line)', () => {
    it('takes a real PNG with the text typed beside it, stores it with the message and answers the text', async () => {
      const s = await startSession(t.url);
      const png = pngImage(6, 4);
      const res = await upload(s, [{ bytes: png, type: 'image/png', name: 'IMG_2041.png' }], 'my lamp arrived cracked');
      expect(res.status, await res.clone().text()).to.equal(200);
      const { id } = (await res.json()) as { id: string };
      const echoed = (await poll(t.url, s)).activities.find((a) => a.id === id);
      expect(echoed.attachments, 'the widget shows the photo it sent').to.deep.equal([
        { contentType: 'image/png', contentUrl: dataUri(png), name: 'photo-1.png' },
      ]);
      const conversation = await conversationOf(s);
      const [message] = await customerMessages(conversation.id);
      expect(message).to.include({ kind: 'text', text: 'my lamp arrived cracked' });
      const photos = await photosOf(conversation.id);
      expect(photos.map((p) => [p.message_id, p.content_type, Number(p.byte_length)])).to.deep.equal([
        [message.id, 'image/png', png.length],
      ]);
      expect(Buffer.from(photos[0].bytes).equals(png), 'the bytes as sent').to.equal(true);
      const answers = await botTexts(s);
      expect(answers.length, 'greeting and an answer to the text').to.be.at.least(2);
      expect(answers.join('\n')).to.not.contain('Thanks for the photo');
    });

    it('takes a JPEG and a WebP sent without a word, and answers "Thanks for the photos"', async () => {
      const s = await startSession(t.url);
      const res = await upload(s, [
        { bytes: jpegImage(), type: 'image/jpeg', name: 'a.jpg' },
        { bytes: webpImage(), type: 'image/webp', name: 'b.webp' },
      ]);
      expect(res.status, await res.clone().text()).to.equal(200);
      const conversation = await conversationOf(s);
      expect((await photosOf(conversation.id)).map((p) => p.content_type)).to.deep.equal(['image/jpeg', 'image/webp']);
      expect((await customerMessages(conversation.id)).map((m) => [m.kind, m.text])).to.deep.equal([['photo', null]]);
      expect((await botTexts(s)).at(-1)).to.match(/^Thanks for the 2 photos — /);
    });

    it('refuses a file above MAX_UPLOAD_BYTES with 413, stores nothing, and the bot says why in the chat', async () => {
      const s = await startSession(t.url);
      const res = await upload(s, [{ bytes: pngImage(4, 3, [9, 9, 9], MAX_UPLOAD_BYTES + 50_000), type: 'image/png', name: 'huge.png' }]);
      expect(res.status).to.equal(413);
      expect(((await res.json()) as { error: string }).error).to.match(/too large: I can take photos up to 64 KB/);
      expect((await botTexts(s)).at(-1)).to.match(/too large: I can take photos up to 64 KB/);
      const conversation = await conversationOf(s);
      expect(await customerMessages(conversation.id)).to.deep.equal([]);
      expect(await photosOf(conversation.id)).to.deep.equal([]);
    });

    it('refuses an executable renamed .png, and text declared as image/png, with 415 (the type is read from the bytes)', async () => {
      for (const file of [
        { bytes: windowsExecutable(), type: 'image/png', name: 'holiday-photo.png' },
        { bytes: Buffer.from('I am a text file pretending to be a picture'), type: 'image/png', name: 'scan.png' },
      ]) {
        const s = await startSession(t.url);
        const res = await upload(s, [file]);
        expect(res.status, file.name).to.equal(415);
        expect(((await res.json()) as { error: string }).error).to.match(/PNG, JPEG or WebP/);
        expect((await botTexts(s)).at(-1), 'told in the chat').to.match(/only take photos in PNG, JPEG or WebP/);
        const conversation = await conversationOf(s);
        expect(await customerMessages(conversation.id), file.name).to.deep.equal([]);
        expect(await t.app.db('message_photos').where({ conversation_id: conversation.id })).to.deep.equal([]);
      }
    });

    it('refuses the whole message when one of its files is refused', async () => {
      const s = await startSession(t.url);
      const res = await upload(s, [
        { bytes: pngImage(), type: 'image/png', name: 'ok.png' },
        { bytes: windowsExecutable(), type: 'image/jpeg', name: 'setup.jpg' },
      ]);
      expect(res.status).to.equal(415);
      expect(await photosOf((await conversationOf(s)).id)).to.deep.equal([]);
    });

    it('stores a retried upload once: one message, one photo, one answer', async () => {
      const s = await startSession(t.url);
      const file = { bytes: pngImage(), type: 'image/png', name: 'retry.png' };
      expect((await upload(s, [file], undefined, 'same-client-id')).status).to.equal(200);
      expect((await upload(s, [file], undefined, 'same-client-id')).status).to.equal(200);
      const conversation = await conversationOf(s);
      expect(await customerMessages(conversation.id)).to.have.length(1);
      expect(await photosOf(conversation.id)).to.have.length(1);
      expect((await botTexts(s)).filter((a) => a.startsWith('Thanks for the photo'))).to.have.length(1);
    });

    it('refuses a body that is not multipart with 415, and a request without the widget token with 401', async () => {
      const s = await startSession(t.url);
      const url = `${t.url}/v3/directline/conversations/${s.conversationId}/upload`;
      const json = await fetch(url, {
        method: 'POST',
        headers: { Authorization: `Bearer ${s.token}`, 'Content-Type': 'image/png' },
        body: pngImage(),
      });
      expect(json.status).to.equal(415);
      const form = new FormData();
      form.append('file', new Blob([pngImage()], { type: 'image/png' }), 'a.png');
      expect((await fetch(url, { method: 'POST', body: form })).status).to.equal(401);
      expect(await photosOf((await conversationOf(s)).id)).to.deep.equal([]);
    });
  });

  describe('POST /api/messages', () => {
    const conversationId = () => `photo-channel-${++sent}`;
    const say = (conversation: string, attachments: unknown[], text?: string) =>
      postActivity(t.url, messageActivity({ serviceUrl: t.connector.url, conversationId: conversation, text, extra: { attachments } }));
    const storedConversation = (conversation: string) => t.app.db('conversations').where({ channel_conversation_id: conversation }).first();

    it('accepts an image as a data: URI and answers an image-only message', async () => {
      const id = conversationId();
      const png = pngImage(3, 3);
      const res = await say(id, [{ contentType: 'image/png', contentUrl: dataUri(png), name: 'crack.png' }]);
      expect(res.status).to.equal(200);
      expect(t.connector.textsTo(id).at(-1)).to.match(/^Thanks for the photo — I've kept it with this chat/);
      const conversation = await storedConversation(id);
      const photos = await photosOf(conversation.id);
      expect(photos.map((p) => p.content_type)).to.deep.equal(['image/png']);
      expect(Buffer.from(photos[0].bytes).equals(png)).to.equal(true);
    });

    it('never fetches a URL a client names: a picture sent as a link (Teams) is not opened, the customer is told, and the text is answered', async () => {
      const hits: string[] = [];
      const images: Server = createServer((req, res) => {
        hits.push(req.url ?? '');
        res.writeHead(200, { 'Content-Type': 'image/png' }).end(pngImage());
      });
      await new Promise<void>((resolve) => images.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = images.address() as AddressInfo;
        const id = conversationId();
        const res = await say(
          id,
          [{ contentType: 'image/png', contentUrl: `http://127.0.0.1:${port}/broken-lamp.png` }],
          'where is my order',
        );
        expect(res.status).to.equal(200);
        await t.connector.waitFor(() => t.connector.textsTo(id).length >= 2);
        const texts = t.connector.textsTo(id);
        expect(texts[0]).to.equal(messagesFor('en').text('photos.linkNotOpened'));
        expect(texts.length, 'the question is answered too').to.be.at.least(2);
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(hits, 'requests the image server received').to.deep.equal([]);
        const conversation = await storedConversation(id);
        expect(await t.app.db('message_photos').where({ conversation_id: conversation.id })).to.deep.equal([]);
      } finally {
        await new Promise((resolve) => images.close(resolve));
      }
    });

    it('answers 415 for a data: URI that is not a photo and 413 for one above MAX_UPLOAD_BYTES', async () => {
      const id = conversationId();
      const exe = await say(id, [{ contentType: 'image/png', contentUrl: dataUri(windowsExecutable()) }]);
      expect(exe.status).to.equal(415);
      const big = await say(id, [{ contentType: 'image/png', contentUrl: dataUri(pngImage(4, 3, [0, 0, 0], MAX_UPLOAD_BYTES + 10)) }]);
      expect(big.status).to.equal(413);
      expect(await storedConversation(id)).to.equal(undefined);
    });

    it('ignores attachments without a contentUrl (cards, Teams’ HTML copy of the text)', async () => {
      const id = conversationId();
      const res = await say(id, [{ contentType: 'text/html', content: '<p>where is my order</p>' }], 'where is my order');
      expect(res.status).to.equal(200);
      expect(t.connector.textsTo(id)).to.have.length.at.least(1);
      expect(await photosOf((await storedConversation(id)).id)).to.deep.equal([]);
    });
  });

  describe('agents', () => {
    let s: Session;
    let conversation: { id: string };
    let photoLink: URL;

    before(async () => {
      s = await startSession(t.url);
      expect((await upload(s, [{ bytes: pngImage(5, 5), type: 'image/png', name: 'box.png' }])).status).to.equal(200);
      expect((await post(t.url, s, userMessage('I want to talk to a real person please', `c-${++sent}`))).status).to.equal(200);
      conversation = await conversationOf(s);
      const handoff = await t.app.db('handoffs').where({ conversation_id: conversation.id }).first();
      await t.connector.waitFor(() =>
        t.connector.messagesTo(TEAM.id).some((c) => JSON.stringify(c.body).includes(`Ticket #${handoff.ticket_id}:`)),
      );
      const card = t.connector.messagesTo(TEAM.id).find((c) => JSON.stringify(c.body).includes(`Ticket #${handoff.ticket_id}:`))!;
      const line = JSON.stringify(card.body.attachments[0].content);
      const match = /\[Photo 1\]\((https:\/\/bot\.example\.test\/agent\/photos\/\d+\?exp=\d+&sig=[\w-]+)\)/.exec(line);
      expect(match, `a photo link in the ticket card: ${line}`).to.not.equal(null);
      photoLink = new URL(match![1]);
      await postActivity(t.url, acceptInvoke(t.connector.url, agent(2), handoff.card_activity_id, { sb: 'accept', handoffId: handoff.id }));
    });

    const local = (link: URL) => `${t.url}${link.pathname}${link.search}`;

    it('opens the ticket card link without sign-in while it is fresh, as the photo and nothing else', async () => {
      const res = await fetch(local(photoLink));
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.equal('image/png');
      expect(res.headers.get('x-content-type-options')).to.equal('nosniff');
      expect(res.headers.get('cache-control')).to.equal('no-store');
      const [photo] = await photosOf(conversation.id);
      expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(photo.bytes))).to.equal(true);
    });

    it('refuses an expired, tampered or unsigned link without sign-in (401), and serves it to a signed-in agent', async () => {
      const [photo] = await photosOf(conversation.id);
      const expired = `${t.url}${new PhotoLinks(SECRET).path(photo.id, Date.now() - 16 * 60_000)}`;
      const tampered = local(photoLink).replace(/sig=([\w-])/, (_m, c: string) => `sig=${c === 'A' ? 'B' : 'A'}`);
      const unsigned = `${t.url}/agent/photos/${photo.id}`;
      for (const url of [expired, tampered, unsigned]) {
        expect((await fetch(url)).status, url).to.equal(401);
        const signedIn = await fetch(url, { headers: { Authorization: agentTwo.headers.Authorization } });
        expect(signedIn.status, `${url} with sign-in`).to.equal(200);
        expect(signedIn.headers.get('content-type')).to.equal('image/png');
      }
      expect((await fetch(`${t.url}/agent/photos/${photo.id}`, { headers: { Authorization: 'Bearer not-a-credential' } })).status).to.equal(
        401,
      );
      expect((await fetch(`${t.url}/agent/photos/999999`, { headers: { Authorization: agentTwo.headers.Authorization } })).status).to.equal(
        404,
      );
      const audit = await t.app.db('audit_log').where('action', 'like', 'agent.photo GET%').select('actor', 'status');
      expect(audit.map((a) => [a.actor, Number(a.status)])).to.deep.include.members([
        ['signed-photo-link', 200],
        [agentTwo.agentId, 200],
      ]);
    });

    it('shows the photos in the agent tab transcript, as links that work in an <img> tag', async () => {
      const handoff = await t.app.db('handoffs').where({ conversation_id: conversation.id }).first();
      const res = await fetch(`${t.url}/agent/api/tickets/${handoff.ticket_id}`, { headers: agentTwo.headers });
      expect(res.status).to.equal(200);
      const page = (await res.json()) as { transcript: Array<{ kind: string; photos: Array<{ contentType: string; url: string }> }> };
      const withPhotos = page.transcript.filter((m) => m.photos.length > 0);
      expect(withPhotos.map((m) => [m.kind, m.photos.map((p) => p.contentType)])).to.deep.equal([['photo', ['image/png']]]);
      const img = await fetch(`${t.url}${withPhotos[0].photos[0].url}`);
      expect(img.status).to.equal(200);
      expect(img.headers.get('content-type')).to.equal('image/png');
    });

    it('in a live chat, sends a photo-only message to the agent with a link instead of answering it', async () => {
      const handoff = await t.app.db('handoffs').where({ conversation_id: conversation.id }).first();
      expect(handoff.status).to.equal('assigned');
      const before = await botTexts(s);
      expect((await upload(s, [{ bytes: jpegImage(), type: 'image/jpeg', name: 'label.jpg' }])).status).to.equal(200);
      const thread = `${TEAM.id};messageid=${handoff.card_activity_id}`;
      await t.connector.waitFor(() => t.connector.textsTo(thread).some((x) => x.includes('[Photo 1](')));
      const relayed = t.connector.textsTo(thread).find((x) => x.includes('[Photo 1]('))!;
      const link = new URL(/\((https:[^)]+)\)/.exec(relayed)![1]);
      const res = await fetch(local(link));
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.equal('image/jpeg');
      const after = await botTexts(s);
      expect(after.slice(before.length).join('\n'), 'the bot does not answer in a live chat').to.not.contain('Thanks for the photo');
    });

    it('in a live chat, tells the customer a picture sent as a link was not opened, and the agent that one came', async () => {
      const id = `linked-live-${++sent}`;
      const says = (text: string, extra: Record<string, unknown> = {}) =>
        postActivity(t.url, messageActivity({ serviceUrl: t.connector.url, conversationId: id, fromId: id, text, extra }));
      expect((await says('I want to talk to a real person please')).status).to.equal(200);
      const linked = await t.app
        .db('handoffs')
        .join('conversations', 'conversations.id', 'handoffs.conversation_id')
        .where({ 'conversations.channel_conversation_id': id })
        .first('handoffs.id', 'handoffs.card_activity_id');
      await postActivity(t.url, acceptInvoke(t.connector.url, agent(2), linked.card_activity_id, { sb: 'accept', handoffId: linked.id }));
      const before = t.connector.textsTo(id).length;
      const attachments = [{ contentType: 'image/png', contentUrl: 'https://img.example.test/dent.png' }];
      expect((await says('this is the dent', { attachments })).status).to.equal(200);
      const thread = `${TEAM.id};messageid=${linked.card_activity_id}`;
      await t.connector.waitFor(() => t.connector.textsTo(thread).some((x) => x.includes('this is the dent')));
      expect(t.connector.textsTo(thread).find((x) => x.includes('this is the dent'))).to.contain('as a link; not opened');
      expect(t.connector.textsTo(id).slice(before)).to.include(messagesFor('en').text('photos.linkNotOpened'));
    });
  });

  describe('privacy', () => {
    it("carries the photos in the customer's export, and erasure removes them", async () => {
      const s = await startSession(t.url);
      const png = pngImage(2, 7, [10, 200, 10]);
      expect((await upload(s, [{ bytes: png, type: 'image/png', name: 'me.png' }])).status).to.equal(200);
      const conversation = await conversationOf(s);
      const customerId = encodeURIComponent(conversation.customer_id);
      const exported = await fetch(`${t.url}/admin/customers/${customerId}/export`, { headers: ADMIN });
      expect(exported.status).to.equal(200);
      const data = (await exported.json()) as { photos: Array<{ content_type: string; dataUri: string }> };
      expect(data.photos.map((p) => [p.content_type, p.dataUri])).to.deep.equal([['image/png', dataUri(png)]]);

      const erased = await fetch(`${t.url}/admin/customers/${customerId}`, { method: 'DELETE', headers: ADMIN });
      expect(erased.status).to.equal(200);
      expect(((await erased.json()) as { photos: number }).photos).to.equal(1);
      expect(await photosOf(conversation.id)).to.deep.equal([]);
      const leftovers = await t.app.db('dl_activities').where('activity', 'like', `%${png.toString('base64').slice(0, 40)}%`);
      expect(leftovers, 'no copy in the Direct Line log').to.deep.equal([]);
    });

    it('deletes photos older than RETENTION_DAYS and keeps younger ones', async () => {
      const s = await startSession(t.url);
      expect((await upload(s, [{ bytes: pngImage(), type: 'image/png', name: 'old.png' }])).status).to.equal(200);
      const conversation = await conversationOf(s);
      await t.app
        .db('message_photos')
        .where({ conversation_id: conversation.id })
        .update({ created_at: Date.now() - 40 * DAY_MS });
      const young = (await t.app.db('message_photos').whereNot({ conversation_id: conversation.id })).length;
      const report = await purgeOldCustomerText(t.app.db, 30, Date.now());
      expect(report.photos).to.equal(1);
      expect(await photosOf(conversation.id)).to.deep.equal([]);
      expect(await t.app.db('message_photos')).to.have.length(young);
    });
  });
});
