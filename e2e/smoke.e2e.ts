import { describe, expect, inject, it } from 'vitest';
import { openPage, browserContextPerTest } from './support/browser';
import { addSessionCookies } from './support/session';

const baseURL = inject('baseURL');
const sessions = inject('sessions');
const SECTIONS = ['Schedule', 'Patients', 'Billing', 'Documents', 'Settings'] as const;

// Signed in as the demo owner unless a test says otherwise (see e2e/global-setup.ts).
const browserContext = browserContextPerTest(baseURL, (context) => addSessionCookies(context, baseURL, sessions.owner ?? []));

describe('app shell', () => {
  it('opens on the schedule and navigates every section without console errors', async () => {
    const { page, problems } = await openPage(browserContext.current());
    await page.goto('/');
    await page.waitForURL('**/schedule');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Schedule');

    const nav = page.getByRole('navigation', { name: /main/i });
    for (const section of SECTIONS) {
      await nav.getByRole('link', { name: section }).click();
      await page.waitForURL(`**/${section.toLowerCase()}`);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(section);
      await expect(nav.getByRole('link', { name: section }).getAttribute('aria-current')).resolves.toBe('page');
    }
    expect(problems).toEqual([]);
  });

  it('serves pages with a nonce-based CSP and the other security headers', async () => {
    const { page, problems } = await openPage(browserContext.current());
    const response = await page.goto('/patients');
    const headers = response?.headers() ?? {};
    expect(headers['content-security-policy']).toMatch(/script-src [^;]*'nonce-[A-Za-z0-9+/=]+'/);
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBeTruthy();
    // A CSP that blocked the app's own scripts would show up as console errors.
    expect(problems).toEqual([]);
  });

  it('switches to the dark theme and keeps it after a reload', async () => {
    const { page, problems } = await openPage(browserContext.current());
    await page.goto('/schedule');
    await page.getByRole('button', { name: /theme/i }).click();
    await page.getByRole('menuitemradio', { name: /dark/i }).click();
    await page.waitForFunction(() => document.documentElement.classList.contains('dark'));
    await page.reload();
    await expect(page.evaluate(() => document.documentElement.classList.contains('dark'))).resolves.toBe(true);
    expect(problems).toEqual([]);
  });

  it('shows a helpful 404 page for an unknown address', async () => {
    const { page } = await openPage(browserContext.current());
    const response = await page.goto('/no-such-page');
    expect(response?.status()).toBe(404);
    await page.getByRole('link', { name: /home|schedule|back/i }).first().waitFor();
  });
});

describe('access', () => {
  it('sends a visitor without a session to the sign-in page', async () => {
    await browserContext.current().clearCookies();
    const { page, problems } = await openPage(browserContext.current());
    await page.goto('/patients');
    await page.waitForURL('**/sign-in');
    expect(problems).toEqual([]);
  });

  it('shows the signed-in user and their practices in the top bar', async () => {
    const { page } = await openPage(browserContext.current());
    await page.goto('/schedule');
    await expect(page.getByTestId('practice-switcher').textContent()).resolves.toMatch(/Harbor Pediatrics|Riverside Family Medicine/);
    await page.getByRole('button', { name: 'Account' }).click();
    await page.getByText('owner@demo.openpractice.test').waitFor();
    await page.keyboard.press('Escape');
  });

  it('switches the active practice, and keeps it after a reload', async () => {
    const { page, problems } = await openPage(browserContext.current());
    await page.goto('/settings/team');
    const switcher = page.getByTestId('practice-switcher');
    // Alphabetically first without a preference.
    await expect(switcher.textContent()).resolves.toContain('Harbor Pediatrics');
    await switcher.click();
    await page.getByRole('menuitemradio', { name: 'Riverside Family Medicine' }).click();
    await page.getByText('The staff of Riverside Family Medicine').waitFor();
    await page.reload();
    await expect(page.getByTestId('practice-switcher').textContent()).resolves.toContain('Riverside Family Medicine');
    await page.getByText('The staff of Riverside Family Medicine').waitFor();
    expect(problems).toEqual([]);
  });

  it('lets the owner open the audit log, and keeps the front desk out of it', async () => {
    const { page, problems } = await openPage(browserContext.current());
    await page.goto('/settings/audit');
    // Wait for, not just look: the shell may still be streaming in when `goto` resolves.
    await page.getByRole('button', { name: 'Apply filters' }).waitFor();
    expect(problems).toEqual([]);

    await browserContext.current().clearCookies();
    await addSessionCookies(browserContext.current(), baseURL, sessions.front_desk ?? []);
    await page.goto('/settings/audit');
    await page.getByText('No audit log for your role').waitFor();
    await expect(page.getByRole('button', { name: 'Apply filters' }).count()).resolves.toBe(0);
  });
});

describe('automatic logoff', () => {
  it('warns a minute before the idle timeout, then signs out', async () => {
    // The nurse's own session, since this test ends it; the browser's clock is driven by the test.
    await browserContext.current().clearCookies();
    await addSessionCookies(browserContext.current(), baseURL, sessions.nurse ?? []);
    const { page } = await openPage(browserContext.current());
    await page.clock.install();
    await page.goto('/schedule');
    // Wait until the page is hydrated (the account menu opens), so the idle timer is running.
    await page.getByRole('button', { name: 'Account' }).click();
    await page.getByRole('menuitem', { name: 'Sign out everywhere' }).waitFor();
    await page.keyboard.press('Escape');
    await page.clock.fastForward('14:05');
    await page.getByRole('dialog', { name: 'Are you still there?' }).waitFor();
    await page.clock.fastForward('01:00');
    await page.waitForURL('**/sign-in?reason=idle');
    await page.getByText('You were signed out after a period without activity').waitFor();
    // The session is gone on the server too: the app sends the browser back to sign in.
    await page.goto('/schedule');
    await page.waitForURL('**/sign-in');
  });
});

describe('development mailbox', () => {
  it('is shown to a browser on the same machine while no SMTP server is configured', async () => {
    const { page, problems } = await openPage(browserContext.current());
    const response = await page.goto('/dev/mailbox');
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Development mailbox');
    expect(problems).toEqual([]);
  });
});

describe('API from outside the browser', () => {
  it('reports ready with one entry per check', async () => {
    const response = await fetch(`${baseURL}/api/health/ready`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; checks: { name: string; status: string }[] };
    expect(body.status).toBe('ok');
    expect(body.checks.map((check) => check.name).sort()).toEqual(['data_directory', 'database', 'migrations']);
    expect(body.checks.every((check) => check.status === 'pass')).toBe(true);
  });

  it('answers the /favicon.ico browsers ask for on their own (a 404 there is a console error on any page)', async () => {
    const response = await fetch(`${baseURL}/favicon.ico`);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
  });

  it('answers an unknown API route with a typed JSON 404', async () => {
    const response = await fetch(`${baseURL}/api/v1/nothing-here`, {
      method: 'POST',
      headers: { origin: baseURL, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/json');
    const body = (await response.json()) as { error: { code: string; requestId: string } };
    expect(body.error.code).toBe('NOT_FOUND');
    expect(body.error.requestId).toBeTruthy();
  });
});
