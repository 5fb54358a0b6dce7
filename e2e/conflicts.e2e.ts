import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, openPage } from './support/browser';
import { addSessionCookies, signInThroughApi } from './support/session';
import { demoAccount } from './support/sign-in';
import { pageApi } from './support/page-data';
import type { DemoAccount } from '@/lib/domain/identity/demo-staff';

/*
 * Issue #6 §7: two people of one practice (the demo admin and provider, each in their own browser
 * context, so two devices) change the same patient's mobile phone offline to different values. The
 * first to reconnect wins; the second reconnects to a conflict that both inboxes show once. A merged
 * value (after a field error for a bad one) resolves it on one device; both devices and the server
 * end with the same phone and both inboxes show it resolved. Waits on visible state, never on time.
 *
 * Accounts: admin and provider, signed in through the API here (no other e2e file signs them in).
 */

const baseURL = inject('baseURL');

type ApiPatient = { id: string; givenName: string; familyName: string; phoneMobile: string | null };

let browser: Browser | undefined;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const context of contexts) {
    await context.close();
  }
  await browser?.close();
});

/** A device: its own browser context signed in as `role`, on the patients screen after its first sync. */
const openDevice = async (role: DemoAccount['role']) => {
  if (browser === undefined) {
    throw new Error('the browser did not start');
  }
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
  contexts.push(context);
  await addSessionCookies(context, baseURL, await signInThroughApi(baseURL, demoAccount(role)));
  const { page, problems } = await openPage(context);
  await page.goto('/patients');
  const status = page.getByTestId('sync-status');
  await status.filter({ hasText: 'Online' }).waitFor();
  return { context, page, problems, status, synced: page.locator('[data-testid="sync-status"][data-pending="0"]').filter({ hasText: 'Online' }) };
};

const phoneNumber = (last4: number) => `+1617555${String(last4).padStart(4, '0')}`;

describe('conflict inbox', () => {
  it('shows one conflict on both devices after two offline edits of the same phone, and a merged value converges both', async () => {
    const a = await openDevice('admin');
    const b = await openDevice('provider');

    // Both show the same practice (the first by name, neither chose one).
    const { body: activeA } = await pageApi<{ practiceId: string }>(a.page, '/api/v1/session/active-practice');
    const { body: activeB } = await pageApi<{ practiceId: string }>(b.page, '/api/v1/session/active-practice');
    expect(activeB.practiceId).toBe(activeA.practiceId);
    const practiceId = activeA.practiceId;
    const { body: list } = await pageApi<{ patients: ApiPatient[] }>(a.page, `/api/v1/practices/${practiceId}/patients?limit=100`);
    const target = list.patients[7] as ApiPatient;
    const name = `${target.familyName}, ${target.givenName}`;
    const row = (page: Page) => page.getByTestId('patient-row').filter({ hasText: name });
    await row(a.page).waitFor();
    await row(b.page).waitFor();

    const seed = Math.floor(Math.random() * 3000);
    const phoneA = phoneNumber(1000 + seed);
    const phoneB = phoneNumber(4000 + seed);
    const merged = phoneNumber(7000 + seed);

    // Both go offline and change the mobile phone, each to its own value.
    for (const [device, phone] of [
      [a, phoneA],
      [b, phoneB],
    ] as const) {
      await device.context.setOffline(true);
      await device.status.filter({ hasText: 'Offline' }).waitFor();
      await device.page.getByRole('button', { name: new RegExp(`^Edit ${name}`) }).click();
      const dialog = device.page.getByRole('dialog');
      await dialog.getByLabel('Mobile phone').fill(phone);
      await dialog.getByRole('button', { name: 'Save changes' }).click();
      await dialog.waitFor({ state: 'detached' });
      await row(device.page).filter({ hasText: phone }).waitFor();
      await device.status.filter({ hasText: '1 pending' }).waitFor();
    }

    // A reconnects first: its change applies.
    await a.context.setOffline(false);
    await a.synced.waitFor();
    const afterA = await pageApi<{ patient: ApiPatient }>(a.page, `/api/v1/practices/${practiceId}/patients/${target.id}`);
    expect(afterA.body.patient.phoneMobile).toBe(phoneA);

    // B reconnects: its change collides, the server keeps A's value, and B's row shows it.
    await b.context.setOffline(false);
    await b.synced.waitFor();
    await row(b.page).filter({ hasText: phoneA }).waitFor();

    // One open conflict about this patient in each inbox, reached through the navigation (with its count).
    for (const [device, author] of [
      [b, 'You'],
      [a, 'A colleague'],
    ] as const) {
      const nav = device.page.getByRole('navigation', { name: 'Main' });
      const badge = nav.getByTestId('nav-count-conflicts');
      await badge.waitFor();
      // The count is the link's description; its name stays "Conflicts" (tests and screen readers find it by that).
      const link = nav.getByRole('link', { name: 'Conflicts', exact: true });
      const description = await link.evaluate((element) => document.getElementById(element.getAttribute('aria-describedby') ?? '')?.textContent);
      expect(description).toBe(`${await badge.textContent()} open`);
      await link.click();
      await device.page.waitForURL('**/conflicts');
      const open = device.page.getByTestId('conflict-row').filter({ hasText: name });
      await open.filter({ hasText: 'Changed in two places' }).filter({ hasText: author }).waitFor();
      expect(await open.count()).toBe(1);
      // The badge counts what the inbox lists (other tests of the run may have left conflicts of their own).
      expect(await badge.textContent()).toBe(String(await device.page.getByTestId('conflict-row').count()));
    }

    // B opens it: field by field, the phone before, mine (B's) and theirs (A's), marked as differing.
    await b.page.getByRole('button', { name: `Resolve conflict of ${name}` }).click();
    const dialog = b.page.getByRole('dialog');
    const field = dialog.getByTestId('conflict-field').filter({ hasText: 'Mobile phone' });
    await field.filter({ hasText: phoneB }).filter({ hasText: phoneA }).filter({ hasText: 'Differs' }).waitFor();
    expect(await field.getAttribute('data-differs')).toBe('true');
    expect(await dialog.getByTestId('conflict-field').count()).toBe(1);

    // An edited value the patient schema refuses gets its field's error, and nothing is sent.
    await field.getByLabel('Edit').check();
    const input = dialog.getByLabel('Merged Mobile phone');
    await input.fill('not a phone');
    await dialog.getByRole('button', { name: 'Save merged' }).click();
    await dialog.getByText('expected a phone number such as +1 312 555 0142').waitFor();
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => input.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await b.status.getAttribute('data-pending')).toBe('0');

    // A valid merged value, typed the way people type phones: resolved here at once, then synced.
    await input.fill(`(617) 555-${merged.slice(-4)}`);
    await dialog.getByRole('button', { name: 'Save merged' }).click();
    await dialog.waitFor({ state: 'detached' });
    await b.page.getByTestId('resolved-conflict-row').filter({ hasText: name }).filter({ hasText: 'Saved a merged value' }).waitFor();
    await b.page.getByText('No conflicts — every change was merged').waitFor();
    await b.synced.waitFor();

    // A sees it resolved too, without a reload, and its badge goes away.
    await a.page.getByTestId('resolved-conflict-row').filter({ hasText: name }).filter({ hasText: 'by a colleague' }).waitFor();
    expect(await a.page.getByTestId('conflict-row').filter({ hasText: name }).count()).toBe(0);
    await expect
      .poll(async () => ((await a.page.getByTestId('nav-count-conflicts').count()) === 0 ? 0 : Number(await a.page.getByTestId('nav-count-conflicts').textContent())))
      .toBe(await a.page.getByTestId('conflict-row').count());

    // Both devices show the merged phone (stored as the server stores it), and the server agrees.
    for (const device of [a, b]) {
      await device.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Patients' }).click();
      await device.page.waitForURL('**/patients');
      await row(device.page).filter({ hasText: merged }).waitFor();
    }
    const final = await pageApi<{ patient: ApiPatient }>(b.page, `/api/v1/practices/${practiceId}/patients/${target.id}`);
    expect(final.body.patient.phoneMobile).toBe(merged);

    // Network failures while offline are expected console noise; anything else is a problem.
    for (const device of [a, b]) {
      expect(device.problems.filter((problem) => !problem.includes('net::ERR_INTERNET_DISCONNECTED'))).toEqual([]);
    }
  }, 240_000);
});
