import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DemoAccount } from '@/lib/domain/identity/demo-staff';
import { launchBrowser, openPage } from './support/browser';
import { pageApi } from './support/page-data';
import { addSessionCookies, signInThroughApi } from './support/session';
import { demoAccount } from './support/sign-in';

/*
 * Issue #7 end to end, on the demo practice's schedule (its providers, rooms, types and hours come
 * with the demo data), on days past the demo appointments so the slots used here are free:
 * 1. the front desk books from an empty slot, drags the appointment to another time and checks the
 *    patient in;
 * 2. two devices book the same slot offline; back online one keeps it, the other's booking becomes a
 *    `slot_taken` conflict, rebooked from the inbox's suggested times, and both devices agree.
 *
 * Accounts: front desk and nurse, signed in through the API here.
 */

const baseURL = inject('baseURL');

type ApiPatient = { id: string; givenName: string; familyName: string };

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

const openDevice = async (role: DemoAccount['role']) => {
  if (browser === undefined) {
    throw new Error('the browser did not start');
  }
  const context = await browser.newContext({ baseURL, viewport: { width: 1400, height: 900 } });
  contexts.push(context);
  await addSessionCookies(context, baseURL, await signInThroughApi(baseURL, demoAccount(role)));
  const { page, problems } = await openPage(context);
  await page.goto('/schedule');
  const status = page.getByTestId('sync-status');
  await status.filter({ hasText: 'Online' }).waitFor();
  return { context, page, problems, status, synced: page.locator('[data-testid="sync-status"][data-pending="0"]').filter({ hasText: 'Online' }) };
};

/** The day view of `date`, and its first provider's column. */
const showDay = async (page: Page, date: string): Promise<Locator> => {
  await page.getByLabel('Date', { exact: true }).fill(date);
  const column = page.locator('[data-column-key]').first();
  await column.waitFor();
  return column;
};

/** Clicks a column where `hhmm` is, in a 07:00–19:00 window (the default, on an empty day). */
const clickAt = async (column: Locator, hhmm: string) => {
  const box = await column.boundingBox();
  if (!box) {
    throw new Error('no column');
  }
  const [h, m] = hhmm.split(':').map(Number);
  const minutes = ((h ?? 0) - 7) * 60 + (m ?? 0) + 3; // just below the line: snaps back to it
  await column.click({ position: { x: box.width / 2, y: (minutes / (12 * 60)) * box.height } });
};

const bookPatient = async (page: Page, patient: ApiPatient) => {
  const dialog = page.getByRole('dialog', { name: 'Book appointment' });
  await dialog.getByLabel('Patient').fill(patient.familyName);
  await dialog.getByRole('button', { name: new RegExp(`^${patient.familyName}, ${patient.givenName}`) }).click();
  await dialog.getByRole('button', { name: 'Book appointment' }).click();
  await dialog.waitFor({ state: 'detached' });
};

const block = (page: Page, patient: ApiPatient) => page.locator('[data-appointment-id]').filter({ hasText: `${patient.familyName}, ${patient.givenName}` });

const patientsOf = async (page: Page): Promise<ApiPatient[]> => {
  const { body: active } = await pageApi<{ practiceId: string }>(page, '/api/v1/session/active-practice');
  const { body } = await pageApi<{ patients: ApiPatient[] }>(page, `/api/v1/practices/${active.practiceId}/patients?limit=100`);
  return body.patients;
};

describe('schedule', () => {
  it('books from an empty slot, moves the appointment by dragging, and checks the patient in', async () => {
    const desk = await openDevice('front_desk');
    const patient = (await patientsOf(desk.page))[3] as ApiPatient;
    const column = await showDay(desk.page, '2027-06-07');
    await clickAt(column, '09:00');
    const dialog = desk.page.getByRole('dialog', { name: 'Book appointment' });
    await dialog.getByLabel('Start time').and(desk.page.locator('[value="09:00"]')).waitFor();
    // "Next available" in the afternoons only: every time offered is between 12:00 and 17:00.
    await dialog.getByLabel('Time of day').selectOption('afternoon');
    await dialog.getByRole('button', { name: 'Find next available' }).click();
    const offered = dialog.getByRole('list', { name: 'Next available times' }).getByRole('button');
    await offered.first().waitFor();
    for (const text of await offered.allTextContents()) {
      const hhmm = /(\d\d):(\d\d)/.exec(text);
      expect(Number(hhmm?.[1]), text).toBeGreaterThanOrEqual(12);
      expect(Number(hhmm?.[1]), text).toBeLessThan(17);
    }
    await bookPatient(desk.page, patient);
    const booked = block(desk.page, patient);
    await booked.waitFor();
    expect(await booked.getAttribute('aria-label')).toMatch(/, 09:00–\d\d:\d\d, Booked$/);

    // Drag it an hour down (a twelfth of the 12-hour column).
    const from = await booked.boundingBox();
    const box = await column.boundingBox();
    if (!from || !box) {
      throw new Error('no geometry');
    }
    await desk.page.mouse.move(from.x + from.width / 2, from.y + 6);
    await desk.page.mouse.down();
    await desk.page.mouse.move(from.x + from.width / 2, from.y + 6 + box.height / 24, { steps: 4 });
    await desk.page.mouse.move(from.x + from.width / 2, from.y + 6 + box.height / 12, { steps: 4 });
    await desk.page.mouse.up();
    await expect.poll(() => booked.getAttribute('aria-label')).toMatch(/, 10:00–\d\d:\d\d, Booked$/);

    // Open it and check the patient in.
    await booked.click();
    const details = desk.page.getByRole('dialog');
    await details.getByRole('button', { name: 'Check in' }).click();
    await expect.poll(() => booked.getAttribute('aria-label')).toMatch(/Checked in$/);
    await desk.synced.waitFor();
    expect(desk.problems).toEqual([]);
  }, 180_000);

  it('books one slot on two offline devices: one keeps it, the other rebooks from the suggested times', async () => {
    const a = await openDevice('front_desk');
    const b = await openDevice('nurse');
    const patients = await patientsOf(a.page);
    const [pa, pb] = [patients[5] as ApiPatient, patients[6] as ApiPatient];
    for (const [device, patient] of [
      [a, pa],
      [b, pb],
    ] as const) {
      const column = await showDay(device.page, '2027-06-08');
      await device.synced.waitFor();
      await device.context.setOffline(true);
      await device.status.filter({ hasText: 'Offline' }).waitFor();
      await clickAt(column, '10:00');
      await bookPatient(device.page, patient);
      await block(device.page, patient).waitFor();
      await device.status.filter({ hasText: '1 pending' }).waitFor();
    }

    await a.context.setOffline(false);
    await a.synced.waitFor();
    await b.context.setOffline(false);
    await b.synced.waitFor();
    // B's optimistic booking is gone; A's is there on both devices.
    await block(b.page, pa).waitFor();
    await expect.poll(() => block(b.page, pb).count()).toBe(0);

    // B's inbox holds the taken slot, with the next free times to pick from.
    await b.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Conflicts', exact: true }).click();
    await b.page.waitForURL('**/conflicts');
    const name = `${pb.familyName}, ${pb.givenName}`;
    await b.page.getByTestId('conflict-row').filter({ hasText: 'Time slot taken' }).filter({ hasText: name }).waitFor();
    await b.page.getByRole('button', { name: `Resolve conflict of ${name}` }).click();
    const dialog = b.page.getByRole('dialog');
    const times = dialog.getByRole('list', { name: 'Free times' }).getByRole('button');
    await times.first().waitFor();
    const chosen = (await times.first().textContent()) ?? '';
    await times.first().click();
    await dialog.waitFor({ state: 'detached' });
    await b.synced.waitFor();

    // Both devices show B's booking at the chosen time.
    const hhmm = /(\d\d:\d\d)$/.exec(chosen.trim())?.[1] ?? '';
    expect(hhmm).not.toBe('');
    for (const device of [a, b]) {
      await device.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Schedule' }).click();
      await device.page.waitForURL('**/schedule');
      const day = /[A-Z][a-z]{2} (\d{1,2})/.exec(chosen)?.[1];
      await showDay(device.page, `2027-06-${String(day).padStart(2, '0')}`);
      await expect.poll(async () => (await block(device.page, pb).getAttribute('aria-label')) ?? '', { timeout: 30_000 }).toContain(`, ${hhmm}–`);
    }
    for (const device of [a, b]) {
      expect(device.problems.filter((problem) => !problem.includes('net::ERR_INTERNET_DISCONNECTED'))).toEqual([]);
    }
  }, 240_000);
});
