import { expect } from 'chai';
import { widgetOptionsSchema } from '../../bot/webchat/widget-options';
import { startTestApp, type TestApp } from '../helpers/test-app';

describe('Widget pages', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(async () => {
    await t?.dispose();
  });

  describe('GET /', () => {
    it('serves the shop page with the widget and strict security headers', async () => {
      const res = await fetch(`${t.url}/`);
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.match(/^text\/html/);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).to.include("script-src 'self'");
      expect(csp).to.include("style-src 'self' 'unsafe-inline'");
      expect(csp).to.include("img-src 'self' data: blob:");
      expect(csp).to.include("connect-src 'self'");
      expect(csp).to.not.include('unsafe-eval');
      expect(res.headers.get('x-content-type-options')).to.equal('nosniff');
      expect(res.headers.get('x-frame-options')).to.equal('DENY');
      expect(res.headers.get('referrer-policy')).to.equal('strict-origin-when-cross-origin');
      const html = await res.text();
      expect(html).to.include('<script src="/webchat/webchat.js"></script>');
      expect(html).to.include('"accentColor":"#2f6b4f"');
      expect(html).to.not.match(/cdn|unpkg|jsdelivr/i);
    });
  });

  describe('GET /webchat/frame', () => {
    it('may be framed by other sites (the embed snippet opens it) and keeps the CSP', async () => {
      const res = await fetch(`${t.url}/webchat/frame`);
      expect(res.status).to.equal(200);
      expect(res.headers.get('x-frame-options')).to.equal(null);
      expect(res.headers.get('content-security-policy')).to.include('frame-ancestors *');
    });
  });

  describe('GET /webchat/embed.js', () => {
    it('serves the snippet as cross-origin JavaScript with the widget defaults filled in', async () => {
      const res = await fetch(`${t.url}/webchat/embed.js`);
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.match(/^text\/javascript/);
      expect(res.headers.get('cross-origin-resource-policy')).to.equal('cross-origin');
      const js = await res.text();
      expect(js).to.not.include('{{');
      expect(js).to.include('/webchat/frame');
      expect(js).to.include('"title":"Pebble & Pine help"');
    });
  });

  describe('GET /webchat/webchat.js', () => {
    it('serves the Web Chat bundle from node_modules, gzipped, with an ETag that answers 304', async () => {
      const res = await fetch(`${t.url}/webchat/webchat.js`, { headers: { 'Accept-Encoding': 'gzip' } });
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-encoding')).to.equal('gzip');
      expect(await res.text()).to.include('renderWebChat');
      const etag = res.headers.get('etag') ?? '';
      const again = await fetch(`${t.url}/webchat/webchat.js`, { headers: { 'If-None-Match': etag } });
      expect(again.status).to.equal(304);
    });
  });
});

describe('widgetOptionsSchema', () => {
  it('fills in every default', () => {
    expect(widgetOptionsSchema.parse({})).to.deep.equal({
      title: 'Pebble & Pine help',
      accentColor: '#2f6b4f',
      botAvatarInitials: 'PP',
      userAvatarInitials: 'You',
      placeholder: 'Ask about orders, returns, refunds…',
    });
  });

  it('refuses a colour that is not #rrggbb and initials longer than 3 characters', () => {
    expect(widgetOptionsSchema.safeParse({ accentColor: 'red;background:url(x)' }).success).to.equal(false);
    expect(widgetOptionsSchema.safeParse({ botAvatarInitials: 'ABCD' }).success).to.equal(false);
  });
});
