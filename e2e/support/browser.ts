import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

/** Debian's Chromium; browsers are never downloaded here (see README). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });

/**
 * A page that records every console error, uncaught exception and CSP violation, so a test can
 * assert the app ran cleanly.
 */
export const openPage = async (context: BrowserContext): Promise<{ page: Page; problems: string[] }> => {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') {
      // A failed resource load names no address in its text; the location does.
      const where = message.location().url;
      problems.push(`console: ${message.text()}${where ? ` (${where})` : ''}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  return { page, problems };
};

/**
 * One browser per test file and a fresh context (1280×800) per test, closed afterwards.
 * `prepare` runs on each new context, e.g. to sign in. Read the context through `current()`.
 */
export const browserContextPerTest = (
  baseURL: string,
  prepare: (context: BrowserContext) => Promise<void> = () => Promise.resolve(),
): { current: () => BrowserContext } => {
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    if (browser === undefined) {
      throw new Error('the browser did not start');
    }
    context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
    await prepare(context);
  });
  afterEach(async () => {
    await context?.close();
  });
  return {
    current: () => {
      if (context === undefined) {
        throw new Error('no browser context outside a test');
      }
      return context;
    },
  };
};
