import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { launchTestBrowser, skipWithoutChromium, type TestBrowser } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/test-app';

const IDENTITY_SECRET = 'browser-identity-secret-0123456789abcdef';
const STEP_TIMEOUT_MS = 30_000;

/** Signs the customer as a shop's server would (docs/shop-identity.md). */
function sign(payload: object): string {
  const part = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${part}.${createHmac('sha256', IDENTITY_SECRET).update(part).digest('base64url')}`;
}

describe('Signed shop identity through embed.js in Chromium', function () {
  this.timeout(120_000);
  let t: TestApp;
  let shopSite: http.Server;
  let browser: TestBrowser;

  before(async function () {
    skipWithoutChromium(this);
    t = await startTestApp({ env: { SHOP_IDENTITY_SECRET: IDENTITY_SECRET } });
    // The shop's own site, on another origin: its server signs the signed-in customer into the snippet.
    shopSite = http.createServer((_req, res) => {
      const identity = sign({ userId: 'shop-user-1001', name: 'Robin', exp: Math.floor(Date.now() / 1000) + 600 });
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><title>Robin's account</title><h1>Signed in as Robin</h1>
        <script src="${t.url}/webchat/embed.js" data-label="Chat" data-identity="${identity}"></script>`);
    });
    await new Promise<void>((resolve) => shopSite.listen(0, '127.0.0.1', resolve));
    browser = await launchTestBrowser();
  });

  after(async () => {
    await browser?.dispose();
    if (shopSite) await new Promise<void>((resolve) => shopSite.close(() => resolve()));
    await t?.dispose();
  });

  it("shows the signed-in customer their order without asking for the order's email", async () => {
    const page = await browser.context.newPage();
    await page.goto(`http://127.0.0.1:${(shopSite.address() as AddressInfo).port}/`);
    await page.getByRole('button', { name: 'Chat' }).click();
    const frame = page.frameLocator('#pebble-pine-chat');
    const input = frame.locator('[data-id="webchat-sendbox-input"]');
    await input.waitFor({ timeout: STEP_TIMEOUT_MS });
    await input.fill('where is my order PP-777777?');
    await input.press('Enter');
    await frame
      .locator('.webchat__basic-transcript')
      .getByText(/Order PP-777777 is on its way with Parcelwing/)
      .first()
      .waitFor({ timeout: STEP_TIMEOUT_MS });
  });
});
