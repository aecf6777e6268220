import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { messageActivity, postActivity } from '../../bench/lib/activities';
import { launchTestBrowser, skipWithoutChromium, screenshotPath, type TestBrowser } from '../helpers/browser';
import { issueAgent } from '../helpers/agents';
import { startTestApp, TEST_ADMIN_KEY, type TestApp } from '../helpers/test-app';

const STEP_TIMEOUT_MS = 20_000;

describe('agent tab ticket search in Chromium', function () {
  this.timeout(120_000);
  let t: TestApp;
  let browser: TestBrowser;
  let page: Page;
  let resolvedId = 0;

  before(async function () {
    skipWithoutChromium(this);
    t = await startTestApp();
    for (const who of ['ada', 'bob']) {
      await postActivity(
        t.url,
        messageActivity({
          serviceUrl: t.connector.url,
          conversationId: `tab-${who}`,
          fromId: who,
          text: `${who} needs a human about a broken lamp`,
        }),
      );
    }
    resolvedId = (await t.app.db('tickets').where({ customer_id: 'webchat:ada' }).first()).id;
    await fetch(`${t.url}/admin/tickets/${resolvedId}/status`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TEST_ADMIN_KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ status: 'resolved' }),
    });
    browser = await launchTestBrowser();
    page = await browser.context.newPage();
  });
  after(async () => {
    await browser?.dispose();
    await t?.dispose();
  });

  it('finds a resolved ticket by status and opens its page with transcript and events', async () => {
    await page.goto(`${t.url}/agent`);
    const robin = await issueAgent(t.url, 'Robin');
    await page.fill('#key', robin.token);
    await page.click('#signin button[type=submit]');
    await page.locator('#queue tr').first().waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await page.locator('#queue tr').count(), 'the queue holds the open ticket only').to.equal(1);

    await page.selectOption('#search-status', 'resolved');
    await page.click('#search button[type=submit]');
    const row = page.locator('#results tr', { hasText: `#${resolvedId}` });
    await row.waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await page.locator('#results tr').count()).to.equal(1);
    expect(await row.textContent()).to.contain('resolved');

    await row.getByRole('button', { name: 'Open' }).click();
    await page.locator('#events li', { hasText: 'resolved by admin' }).waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await page.locator('#ticket-title').textContent()).to.contain(`Ticket #${resolvedId}`);
    expect(await page.locator('#transcript').textContent()).to.contain('ada needs a human about a broken lamp');
    await page.screenshot({ path: screenshotPath('agent-ticket-search.png') });

    await page.selectOption('#status-value', 'closed');
    await page.click('#status button[type=submit]');
    await page.locator('#events li', { hasText: `closed by ${robin.agentId}` }).waitFor({ timeout: STEP_TIMEOUT_MS });
    expect((await t.app.db('tickets').where({ id: resolvedId }).first()).status).to.equal('closed');
  });

  it('corrects the ticket intent: the event is shown and the misread message goes to the NLU review queue', async () => {
    const before = (await t.app.db('tickets').where({ id: resolvedId }).first()).intent;
    expect(await page.inputValue('#intent-value'), 'the bot’s reading is preselected').to.equal(before ?? '');
    const corrected = before === 'product_issue' ? 'complaint' : 'product_issue';
    await page.selectOption('#intent-value', corrected);
    await page.click('#intent button[type=submit]');
    await page.locator('#events li', { hasText: 'intent_corrected' }).waitFor({ timeout: STEP_TIMEOUT_MS });
    expect((await t.app.db('tickets').where({ id: resolvedId }).first()).intent).to.equal(corrected);
    const review = await t.app.db('nlu_review').where({ reason: 'agent_corrected' }).select('label');
    expect(review.map((r) => r.label)).to.deep.equal([corrected]);
  });
});
