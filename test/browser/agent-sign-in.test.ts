import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { messageActivity, postActivity } from '../../bench/lib/activities';
import { issueAgent } from '../helpers/agents';
import { launchTestBrowser, skipWithoutChromium, type TestBrowser } from '../helpers/browser';
import { startTestApp, TEST_ADMIN_KEY, type TestApp } from '../helpers/test-app';

const STEP_TIMEOUT_MS = 20_000;

describe('Agent tab sign-in in Chromium', function () {
  this.timeout(120_000);
  let t: TestApp;
  let browser: TestBrowser;
  let page: Page;
  const pageErrors: string[] = [];

  before(async function () {
    skipWithoutChromium(this);
    t = await startTestApp();
    await postActivity(
      t.url,
      messageActivity({ serviceUrl: t.connector.url, conversationId: 'tab-b', text: 'I need to talk to a human now' }),
    );
    browser = await launchTestBrowser();
    page = await browser.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(String(error)));
  });
  after(async () => {
    await browser?.dispose();
    await t?.dispose();
  });

  it('asks for a credential, refuses a wrong one, and opens the queue as the issued agent', async () => {
    const robin = await issueAgent(t.url, 'Robin Park');
    await page.goto(`${t.url}/agent`);
    await page.locator('#signin').waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    expect(await page.locator('#name').count(), 'no typed name any more').to.equal(0);

    await page.fill('#key', 'sbagent_1_wrong');
    await page.click('#signin button[type=submit]');
    await page.locator('#signin-error', { hasText: 'Agent credential wrong or revoked' }).waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await page.locator('#desk').isHidden()).to.equal(true);

    await page.fill('#key', robin.token);
    await page.click('#signin button[type=submit]');
    await page.locator('#queue tr').first().waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await page.locator('#who').textContent()).to.equal('Robin Park');
    const stored = await page.evaluate(() => ({
      session: sessionStorage.getItem('agentToken'),
      local: localStorage.length,
      cookie: document.cookie,
    }));
    expect(stored).to.deep.equal({ session: robin.token, local: 0, cookie: '' });
  });

  it('signs out, forgetting the credential, and is signed out when the credential is revoked', async () => {
    await page.click('#signout');
    await page.locator('#signin').waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    expect(await page.evaluate(() => sessionStorage.getItem('agentToken'))).to.equal(null);

    const sam = await issueAgent(t.url, 'Sam');
    await page.fill('#key', sam.token);
    await page.click('#signin button[type=submit]');
    await page.locator('#who', { hasText: 'Sam' }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await fetch(`${t.url}/admin/agents/${sam.id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${TEST_ADMIN_KEY}` } });
    await page.reload();
    await page.locator('#signin-error', { hasText: 'Agent credential wrong or revoked' }).waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(pageErrors).to.deep.equal([]);
  });
});
