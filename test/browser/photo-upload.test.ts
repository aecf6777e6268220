import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { launchTestBrowser, skipWithoutChromium, screenshotPath, type TestBrowser } from '../helpers/browser';
import { issueAgent } from '../helpers/agents';
import { pngImage, windowsExecutable } from '../helpers/images';
import { startTestApp, type TestApp } from '../helpers/test-app';

const STEP_TIMEOUT_MS = 20_000;

const transcript = (page: Page) => page.locator('#webchat .webchat__basic-transcript');

describe("Web widget's upload button in Chromium", function () {
  this.timeout(120_000);
  let t: TestApp;
  let visitor: TestBrowser;
  let page: Page;

  before(async function () {
    skipWithoutChromium(this);
    t = await startTestApp();
    visitor = await launchTestBrowser();
    page = await visitor.context.newPage();
    await page.goto(`${t.url}/`);
    await transcript(page)
      .getByText(/Pebble & Pine assistant/)
      .first()
      .waitFor({ timeout: STEP_TIMEOUT_MS });
  });

  after(async () => {
    await visitor?.dispose();
    await t?.dispose();
  });

  /** Picks a file with the upload button and sends it without a word, as a visitor does. */
  async function sendFile(name: string, mimeType: string, buffer: Buffer): Promise<void> {
    await page.locator('#webchat input[type="file"]').setInputFiles({ name, mimeType, buffer });
    await page.getByRole('button', { name: 'Send' }).click();
  }

  it('sends a photo through Web Chat, stores it and answers "Thanks for the photo"', async () => {
    const png = pngImage(40, 30, [180, 90, 40]);
    await sendFile('cracked-vase.png', 'image/png', png);
    await transcript(page)
      .getByText(/Thanks for the photo — /)
      .first()
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    const photos = await t.app.db('message_photos');
    expect(photos.map((p) => p.content_type)).to.deep.equal(['image/png']);
    expect(Buffer.from(photos[0].bytes).equals(png), 'the bytes the browser sent').to.equal(true);
    await transcript(page).getByText('cracked-vase.png').first().waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await page.getByText(/Send failed/i).count(), 'the upload is not marked "Send failed"').to.equal(0);
    await page.screenshot({ path: screenshotPath('widget-photo.png') });
  });

  it('tells the visitor in the chat why an executable named .png was refused', async () => {
    await sendFile('holiday.png', 'image/png', windowsExecutable());
    await transcript(page)
      .getByText(/only take photos in PNG, JPEG or WebP/)
      .first()
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await t.app.db('message_photos')).to.have.length(1);
  });

  it("shows the photo in the agent tab's transcript once the visitor asks for a person", async () => {
    const input = page.locator('[data-id="webchat-sendbox-input"]');
    await input.fill('I want to talk to a real person please');
    await input.press('Enter');
    await transcript(page)
      .getByText(/ticket #\d+/i)
      .first()
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    const tab = await visitor.context.newPage();
    await tab.goto(`${t.url}/agent`);
    await tab.fill('#key', (await issueAgent(t.url, 'Robin')).token);
    await tab.click('#signin button[type=submit]');
    await tab.locator('#queue tr').first().getByRole('button', { name: 'Open' }).click();
    const photo = tab.locator('#transcript img');
    await photo.first().waitFor({ timeout: STEP_TIMEOUT_MS });
    await tab.waitForFunction(() => (document.querySelector('#transcript img') as HTMLImageElement | null)?.naturalWidth === 40, null, {
      timeout: STEP_TIMEOUT_MS,
    });
    expect(await photo.first().getAttribute('alt')).to.equal('Photo 1 from the customer');
    await tab.screenshot({ path: screenshotPath('agent-tab-photo.png') });
  });
});
