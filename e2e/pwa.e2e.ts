import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { OFFLINE_PAGE_CACHE } from '@/lib/pwa/offline-pages';
import { CHROMIUM_PATH, browserContextPerTest, openPage } from './support/browser';
import { waitForOfflineReady } from './support/offline';
import { addSessionCookies } from './support/session';

/*
 * Issue #6 §4: the installable offline app. The owner (API session of the global setup; no password
 * sign-in is tested here) opens the shell; the service worker takes the tab over and fetches the
 * offline screens. With the network cut, a reload, a sidebar navigation and a browser restart all
 * open from the device; a page of server data shows the offline page instead. A new build of the
 * worker brings the update prompt, whose Reload activates it.
 *
 * "From the device", not from the network: every page carries a fresh CSP nonce per request, so a
 * page whose nonce equals the stored copy's (read before the network was cut) came from the cache.
 */

const baseURL = inject('baseURL');
const sessions = inject('sessions');
const ownerCookies = sessions.owner ?? [];
const browserContext = browserContextPerTest(baseURL, (context) => addSessionCookies(context, baseURL, ownerCookies));

/** The CSP nonce of the stored copy of `pathname`. */
const storedNonce = (page: Page, pathname: string): Promise<string | null> =>
  page.evaluate(
    async ({ cacheName, url }) => {
      const response = await (await caches.open(cacheName)).match(url, { ignoreVary: true });
      return /'nonce-([^']+)'/.exec(response?.headers.get('content-security-policy') ?? '')?.[1] ?? null;
    },
    { cacheName: OFFLINE_PAGE_CACHE, url: new URL(pathname, baseURL).href },
  );

/** The nonce the page's own scripts carry (the `nonce` property survives CSP's attribute hiding). */
const pageNonce = (page: Page): Promise<string | null> =>
  page.evaluate(() => document.querySelector<HTMLScriptElement>('script[nonce]')?.nonce ?? null);

/**
 * The shell rendered and its scripts ran: the main navigation with the current page marked, the
 * theme class that next-themes' inline script sets (it runs only when its CSP nonce matches), and
 * React attached to the navigation (hydrated). What the screen itself shows offline (the device
 * database's unlock) is not this file's business.
 */
const expectShell = async (page: Page, current: string) => {
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.waitFor();
  await nav.getByRole('link', { name: current }).and(page.locator('[aria-current="page"]')).waitFor();
  await page.locator('html.light, html.dark').waitFor({ state: 'attached' });
  await page.waitForFunction(() => {
    const element = document.querySelector('nav[aria-label="Main"]');
    return element !== null && Object.keys(element).some((key) => key.startsWith('__reactFiber'));
  });
};

const cspViolations = (problems: string[]) => problems.filter((problem) => /Content Security Policy/i.test(problem));

describe('the installable offline app', () => {
  it('opens and navigates with the network off after a reload; server pages show the offline page', async () => {
    const context = browserContext.current();
    const { page, problems } = await openPage(context);
    await page.goto('/patients');
    await waitForOfflineReady(page);
    // Visited online, yet never kept: the audit log is server data.
    await page.goto('/settings/audit');
    await page.getByRole('heading', { level: 1 }).filter({ hasText: 'Audit' }).waitFor();
    await page.goto('/patients');
    const patientsNonce = await storedNonce(page, '/patients');
    const scheduleNonce = await storedNonce(page, '/schedule');
    expect(patientsNonce).not.toBeNull();

    await context.setOffline(true);
    await page.reload();
    await expectShell(page, 'Patients');
    expect(await pageNonce(page)).toBe(patientsNonce);

    // A client-side navigation: the RSC fetch fails, Next.js falls back to a full navigation, and
    // the worker answers it from the page cache (warmed: /schedule was never visited).
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Schedule' }).click();
    await page.waitForURL((url) => url.pathname === '/schedule');
    await expectShell(page, 'Schedule');
    expect(await pageNonce(page)).toBe(scheduleNonce);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Patients' }).click();
    await page.waitForURL((url) => url.pathname === '/patients');
    await expectShell(page, 'Patients');

    await page.goto('/settings/audit');
    await page.getByRole('heading', { name: 'This page needs a connection' }).waitFor();
    await page.getByRole('link', { name: 'Back to Patients' }).click();
    await page.waitForURL((url) => url.pathname === '/patients');
    await expectShell(page, 'Patients');

    // The home page redirects to the schedule online; offline the worker does the same.
    await page.goto('/');
    await page.waitForURL((url) => url.pathname === '/schedule');
    await expectShell(page, 'Schedule');

    expect(cspViolations(problems)).toEqual([]);
  }, 120_000);

  it('serves an installable manifest with reachable icons', async () => {
    const context = browserContext.current();
    const { page } = await openPage(context);
    await page.goto('/patients');
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    expect(href).toBe('/manifest.webmanifest');
    const manifest = (await (await page.request.get('/manifest.webmanifest')).json()) as {
      name: string;
      start_url: string;
      display: string;
      icons: { src: string; sizes: string; type: string; purpose: string }[];
    };
    expect(manifest).toMatchObject({ name: 'OpenPractice', start_url: '/patients', display: 'standalone' });
    expect(manifest.icons.map((icon) => `${icon.sizes} ${icon.purpose}`).sort()).toEqual(['192x192 any', '512x512 any', '512x512 maskable']);
    for (const icon of manifest.icons) {
      const response = await page.request.get(icon.src);
      expect(response.status()).toBe(200);
      expect(response.headers()['content-type']).toBe('image/png');
    }

    // The workers' own policies and freshness (next.config.ts), not the pages' nonce policy.
    const sw = await page.request.get('/sw.js');
    expect(sw.headers()['content-security-policy']).toMatch(/^default-src 'self'; script-src 'self'/);
    expect(sw.headers()['cache-control']).toContain('no-cache');
    const offline = await page.request.get('/offline.html');
    expect(offline.headers()['content-security-policy']).toMatch(/^default-src 'none'/);
  });
});

describe('after the browser restarts', () => {
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'openpractice-pwa-profile-'));
  afterAll(() => rmSync(userDataDir, { recursive: true, force: true }));

  const launch = (offline: boolean): Promise<BrowserContext> =>
    chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
      baseURL,
      viewport: { width: 1280, height: 800 },
      offline,
    });

  it('opens the patients screen offline from the stored copy', async () => {
    let context = await launch(false);
    let nonce: string | null;
    try {
      await addSessionCookies(context, baseURL, ownerCookies);
      const { page } = await openPage(context);
      await page.goto('/patients');
      await waitForOfflineReady(page);
      nonce = await storedNonce(page, '/patients');
      expect(nonce).not.toBeNull();

      // Chromium's own verdict on the "Install app" criteria (a persistent profile, as installs need).
      const cdp = await context.newCDPSession(page);
      const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] };
      expect(installabilityErrors).toEqual([]);

      // Signed out, the screen answers a redirect to sign-in: it must not replace the good copy.
      await context.clearCookies();
      await page.goto('/patients');
      await page.waitForURL((url) => url.pathname.startsWith('/sign-in'));
      expect(await storedNonce(page, '/patients')).toBe(nonce);
    } finally {
      await context.close();
    }

    context = await launch(true);
    try {
      const { page, problems } = await openPage(context);
      await page.goto('/patients');
      await expectShell(page, 'Patients');
      expect(await pageNonce(page)).toBe(nonce);
      expect(cspViolations(problems)).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});

describe('a new version', () => {
  const swFile = path.resolve('public/sw.js');

  it('waits behind the update prompt, and Reload activates it', async () => {
    const original = readFileSync(swFile, 'utf8');
    const context = browserContext.current();
    const { page } = await openPage(context);
    await page.goto('/patients');
    await waitForOfflineReady(page);
    const version = (worker: 'controller' | 'waiting') =>
      page.evaluate(async (which) => {
        const registration = await navigator.serviceWorker.getRegistration('/');
        const target = which === 'controller' ? navigator.serviceWorker.controller : (registration?.waiting ?? null);
        if (target === null) {
          return null;
        }
        return new Promise<string>((resolve) => {
          const channel = new MessageChannel();
          channel.port1.onmessage = (event: MessageEvent<{ version: string }>) => resolve(event.data.version);
          target.postMessage({ type: 'VERSION' }, [channel.port2]);
        });
      }, worker);
    const before = await version('controller');
    expect(before).not.toBeNull();

    // Another build of the worker: the same file with another version (the server reads public/
    // files on each request). Restored afterwards, so later tests see the build's own worker.
    const next = `${before ?? ''}-next`;
    writeFileSync(swFile, original.replaceAll(JSON.stringify(before), JSON.stringify(next)));
    try {
      await page.evaluate(async () => {
        await (await navigator.serviceWorker.getRegistration('/'))?.update();
      });
      const prompt = page.getByTestId('update-prompt');
      await prompt.getByRole('heading', { name: 'A new version is available' }).waitFor();
      // Waiting, not active: the tab still runs the old version until the person agrees.
      expect(await version('controller')).toBe(before);
      expect(await version('waiting')).toBe(next);

      // Offline it waits: the new version would drop the stored pages it cannot fetch again.
      await context.setOffline(true);
      await prompt.getByRole('button', { name: 'Reload' }).click();
      await prompt.getByRole('alert').filter({ hasText: 'The update needs a connection' }).waitFor();
      expect(await version('waiting')).toBe(next);
      await context.setOffline(false);
      await prompt.getByRole('alert').waitFor({ state: 'detached' });

      const reloaded = page.waitForEvent('load');
      await prompt.getByRole('button', { name: 'Reload' }).click();
      await reloaded;
      await page.getByRole('navigation', { name: 'Main' }).waitFor();
      await expect.poll(() => version('controller')).toBe(next);
      await page.getByTestId('update-prompt').waitFor({ state: 'detached' });
    } finally {
      writeFileSync(swFile, original);
    }
  }, 120_000);
});
