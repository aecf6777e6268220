import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { answerOnlyTicket } from '../helpers/agents';
import {
  launchTestBrowser,
  screenshotPath,
  skipWithoutChromium,
  startOtherSite,
  type OtherSite,
  type TestBrowser,
} from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/test-app';

const GREETING = /Pebble & Pine assistant/;
const LATE_REPLY = 'Good news: your replacement mug was posted today and should reach you on Thursday.';
const STEP_TIMEOUT_MS = 20_000;

describe('A returning visitor on a shop site that embeds embed.js (Chromium, another origin)', function () {
  this.timeout(120_000);
  let t: TestApp;
  let shop: OtherSite;
  let visitor: TestBrowser;
  let page: Page;

  before(async function () {
    skipWithoutChromium(this);
    t = await startTestApp();
    shop = await startOtherSite(t.url);
    visitor = await launchTestBrowser();
    page = await visitor.context.newPage();
  });
  after(async () => {
    await visitor?.dispose();
    await shop?.close();
    await t?.dispose();
  });

  /** Opens the shop page and its chat; returns the chat frame and the conversation the widget started or resumed. */
  async function openChat(): Promise<{ conversationId: string; status: number; visitorSent: boolean }> {
    const started = page.waitForResponse((r) => r.url().endsWith('/v3/directline/conversations') && r.request().method() === 'POST');
    const tokenRequest = page.waitForRequest((r) => r.url().endsWith('/webchat/token'));
    await page.goto(shop.url);
    await page.getByRole('button', { name: 'Need help?' }).click();
    const visitorSent = Boolean(JSON.parse((await tokenRequest).postData() ?? '{}').visitor);
    const response = await started;
    return { conversationId: (await response.json()).conversationId, status: response.status(), visitorSent };
  }

  const chat = () => page.frameLocator('#pebble-pine-chat').locator('.webchat__basic-transcript');

  it('sees the agent reply that arrived while they were away, in the same conversation, after coming back to the page', async () => {
    const first = await openChat();
    expect(first.status, 'a new conversation').to.equal(201);
    await chat().getByText(GREETING).first().waitFor({ timeout: STEP_TIMEOUT_MS });
    const input = page.frameLocator('#pebble-pine-chat').locator('[data-id="webchat-sendbox-input"]');
    await input.fill('I need to talk to a human now');
    await input.press('Enter');
    await chat()
      .getByText(/ticket #\d+/i)
      .first()
      .waitFor({ timeout: STEP_TIMEOUT_MS });

    await page.goto('about:blank');
    await answerOnlyTicket(t.url, LATE_REPLY);

    const back = await openChat();
    expect(back.visitorSent, 'the frame sent the visitor token from its own storage (no cookie reaches it here)').to.equal(true);
    expect(back.status, 'the existing conversation').to.equal(200);
    expect(back.conversationId).to.equal(first.conversationId);
    await chat().getByText(LATE_REPLY).first().waitFor({ timeout: STEP_TIMEOUT_MS });
    await chat().getByText('I need to talk to a human now').first().waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await chat().locator('.webchat__basic-transcript__activity').filter({ hasText: GREETING }).count(), 'greeted once').to.equal(1);
    await page.screenshot({ path: screenshotPath('widget-returning-visitor.png') });
  });
});
