import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's Chromium, driven by playwright-core (never `playwright install`). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Where browser tests save their screenshots. */
export const SCREENSHOT_DIR = path.resolve(__dirname, '..', '..', 'test-results');

/** Flags for a quiet, reproducible headless Chromium (DESIGN.md, widget facts). */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

/** Why browser tests cannot run here, or undefined when Chromium is installed. */
export function chromiumUnavailable(): string | undefined {
  return existsSync(CHROMIUM_PATH)
    ? undefined
    : `Browser tests SKIPPED: ${CHROMIUM_PATH} not found (install it with: apt-get install -y chromium)`;
}

/**
 * Skips the suite of `hook` (a `before` hook's `this`) with the install command when Chromium
 * is missing, so `npm test` passes on a machine without it and says why.
 */
export function skipWithoutChromium(hook: Mocha.Context): void {
  const unavailable = chromiumUnavailable();
  if (!unavailable) return;
  console.log(`      ${unavailable}`);
  hook.skip();
}

/** A browser of its own (fresh profile folder) and how to close it and remove the profile. */
export interface TestBrowser {
  context: BrowserContext;
  dispose(): Promise<void>;
}

/**
 * Launches Chromium with a fresh `--user-data-dir` (no cookies or storage from any other run or
 * context), so two of these are two unrelated visitors.
 */
export async function launchTestBrowser(): Promise<TestBrowser> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'support-bot-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1280, height: 860 },
  });
  return {
    context,
    async dispose() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Path of a screenshot file in {@link SCREENSHOT_DIR} (created when missing). */
export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return path.join(SCREENSHOT_DIR, name);
}

/** A shop's own website on another origin (its own port) whose page embeds the bot's `embed.js`. */
export interface OtherSite {
  url: string;
  close(): Promise<void>;
}

/** Serves a page on 127.0.0.1 at a port of its own with the embed snippet of the bot at `botUrl`. */
export async function startOtherSite(botUrl: string, label = 'Need help?'): Promise<OtherSite> {
  const site = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>Another shop</title><h1>Another shop</h1>
      <script src="${botUrl}/webchat/embed.js" data-label="${label}"></script>`);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(site.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((resolve) => site.close(() => resolve())),
  };
}
