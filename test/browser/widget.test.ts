import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { launchTestBrowser, skipWithoutChromium, screenshotPath, startOtherSite, type TestBrowser } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/test-app';

const GREETING = /Pebble & Pine assistant/;
const STEP_TIMEOUT_MS = 20_000;

/** The widget's message list (Web Chat's transcript), where bot and user messages appear. */
const transcript = (page: Page) => page.locator('#webchat .webchat__basic-transcript');

describe('Web widget in Chromium', function () {
  this.timeout(120_000);
  let t: TestApp;
  let visitor: TestBrowser;
  let page: Page;
  let conversationId = '';
  const consoleErrors: string[] = [];

  before(async function () {
    skipWithoutChromium(this);
    t = await startTestApp();
    visitor = await launchTestBrowser();
    page = await visitor.context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(String(error)));
  });

  after(async () => {
    await visitor?.dispose();
    await t?.dispose();
  });

  describe('GET /', () => {
    it('opens the shop page with the widget, which greets the visitor', async () => {
      const started = page.waitForResponse((r) => r.url().endsWith('/v3/directline/conversations') && r.request().method() === 'POST');
      await page.goto(`${t.url}/`);
      const conversation = await (await started).json();
      conversationId = conversation.conversationId;
      expect(conversationId, 'conversation id from POST /v3/directline/conversations').to.be.a('string').with.length.greaterThan(0);
      await transcript(page).getByText(GREETING).first().waitFor({ timeout: STEP_TIMEOUT_MS });
      expect(await page.title()).to.match(/Pebble & Pine/);
      await page.screenshot({ path: screenshotPath('widget-greeting.png') });
      const cspErrors = consoleErrors.filter((e) => /Content Security Policy|Refused to/i.test(e));
      expect(cspErrors, 'no CSP violations in the console').to.deep.equal([]);
    });
  });

  describe('a question about returning an item', () => {
    it('shows the visitor\'s message as sent and a KB answer with "Did this help?" buttons', async () => {
      const input = page.locator('[data-id="webchat-sendbox-input"]');
      await input.fill('How do I return an item I bought last week?');
      await input.press('Enter');
      await transcript(page).getByText('How do I return an item I bought last week?').first().waitFor({ timeout: STEP_TIMEOUT_MS });
      await page.getByRole('button', { name: 'Yes, that solved it' }).last().waitFor({ timeout: STEP_TIMEOUT_MS });
      await page.getByRole('button', { name: 'No', exact: true }).last().waitFor({ timeout: STEP_TIMEOUT_MS });
      expect(await page.getByText(/Send failed/i).count(), 'no message marked "Send failed"').to.equal(0);
    });

    it('opens a ticket after "No" and "Talk to a person"', async () => {
      await page.getByRole('button', { name: 'No', exact: true }).last().click();
      const talk = page.getByRole('button', { name: 'Talk to a person' }).last();
      await talk.waitFor({ timeout: STEP_TIMEOUT_MS });
      await talk.click();
      await transcript(page)
        .getByText(/ticket/i)
        .first()
        .waitFor({ timeout: STEP_TIMEOUT_MS });
      await page.screenshot({ path: screenshotPath('widget-handoff.png') });
    });
  });

  describe('a page reload', () => {
    it('resumes the same conversation with its history and no second greeting', async () => {
      const activities = page.locator('#webchat .webchat__basic-transcript__activity');
      const shownBefore = await activities.count();
      const resumed = page.waitForResponse((r) => r.url().endsWith('/v3/directline/conversations') && r.request().method() === 'POST');
      await page.reload();
      const response = await resumed;
      expect(response.status(), 'the existing conversation (200), not a new one (201)').to.equal(200);
      expect((await response.json()).conversationId).to.equal(conversationId);
      await transcript(page).getByText('How do I return an item I bought last week?').first().waitFor({ timeout: STEP_TIMEOUT_MS });
      await transcript(page)
        .getByText(/ticket/i)
        .first()
        .waitFor({ timeout: STEP_TIMEOUT_MS });
      expect(await activities.count(), 'the same activities, no second greeting').to.equal(shownBefore);
    });
  });

  describe('GET /webchat/embed.js on another site', () => {
    it('adds a chat button that opens the widget in a frame, which greets the visitor', async () => {
      const shopSite = await startOtherSite(t.url);
      const other = await launchTestBrowser();
      try {
        const shopPage = await other.context.newPage();
        await shopPage.goto(shopSite.url);
        const button = shopPage.getByRole('button', { name: 'Need help?' });
        await button.click();
        expect(await button.getAttribute('aria-expanded')).to.equal('true');
        const frame = shopPage.frameLocator('#pebble-pine-chat');
        await frame.locator('.webchat__basic-transcript').getByText(GREETING).first().waitFor({ timeout: STEP_TIMEOUT_MS });
      } finally {
        await other.dispose();
        await shopSite.close();
      }
    });
  });

  describe('a second visitor', () => {
    it("can neither read nor post to the first visitor's conversation", async () => {
      expect(conversationId, 'set by the first test').to.not.equal('');
      const other = await launchTestBrowser();
      try {
        const otherPage = await other.context.newPage();
        await otherPage.goto(`${t.url}/healthz`);
        const statuses = await otherPage.evaluate(async (id) => {
          const base = `${location.origin}/v3/directline/conversations/${encodeURIComponent(id)}`;
          const own = await (await fetch('/webchat/token', { method: 'POST' })).json();
          const auth = { Authorization: `Bearer ${own.token}`, 'Content-Type': 'application/json' };
          const message = JSON.stringify({ type: 'message', text: 'let me in', channelData: { clientActivityID: 'x1' } });
          return {
            readWithoutToken: (await fetch(`${base}/activities`)).status,
            readWithOwnToken: (await fetch(`${base}/activities`, { headers: auth })).status,
            reconnectWithOwnToken: (await fetch(base, { headers: auth })).status,
            postWithoutToken: (await fetch(`${base}/activities`, { method: 'POST', body: message })).status,
            postWithOwnToken: (await fetch(`${base}/activities`, { method: 'POST', headers: auth, body: message })).status,
          };
        }, conversationId);
        expect(statuses).to.deep.equal({
          readWithoutToken: 401,
          readWithOwnToken: 403,
          reconnectWithOwnToken: 403,
          postWithoutToken: 401,
          postWithOwnToken: 403,
        });
        const intruding = await t.app.db('dl_activities').where('activity', 'like', '%let me in%');
        expect(intruding, 'nothing stored from the second visitor').to.have.length(0);
      } finally {
        await other.dispose();
      }
    });

    it('gets a conversation of their own when their storage holds a forged visitor token naming the first visitor', async () => {
      const firstUserId = await page.evaluate(() => localStorage.getItem('pebble-pine-chat:visitor')?.split('.')[0]);
      expect(firstUserId, 'the widget stored the visitor token').to.match(/^dl_/);
      const other = await launchTestBrowser();
      try {
        const otherPage = await other.context.newPage();
        await otherPage.goto(`${t.url}/healthz`);
        await otherPage.evaluate((userId) => localStorage.setItem('pebble-pine-chat:visitor', `${userId}.forged-signature`), firstUserId);
        const started = otherPage.waitForResponse(
          (r) => r.url().endsWith('/v3/directline/conversations') && r.request().method() === 'POST',
        );
        await otherPage.goto(`${t.url}/`);
        const own = await (await started).json();
        expect(own.conversationId).to.not.equal(conversationId);
        await transcript(otherPage).getByText(GREETING).first().waitFor({ timeout: STEP_TIMEOUT_MS });
        expect(await transcript(otherPage).getByText('How do I return an item').count(), "none of the first visitor's messages").to.equal(
          0,
        );
      } finally {
        await other.dispose();
      }
    });
  });
});
