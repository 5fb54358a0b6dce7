import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, openPage } from './support/browser';
import { pageApi } from './support/page-data';
import { addSessionCookies, signInThroughApi } from './support/session';
import { demoAccount } from './support/sign-in';

/*
 * Issue #7 §2 and §6 end to end, on the demo practice's schedule, on days past the demo bookings:
 * the front desk books a weekly series from an empty slot, moves all upcoming occurrences to another
 * time, puts a patient on the waitlist, cancels one occurrence and books the freed slot for the
 * waitlisted patient from the offer that appears. Account: front desk (its own sign-in here).
 */

const baseURL = inject('baseURL');

type ApiPatient = { id: string; givenName: string; familyName: string };

let browser: Browser | undefined;
let context: BrowserContext | undefined;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

const showDay = async (page: Page, date: string): Promise<Locator> => {
  await page.getByRole('button', { name: 'Day', exact: true }).click();
  await page.getByLabel('Date', { exact: true }).fill(date);
  const column = page.locator('[data-column-key]').first();
  await column.waitFor();
  return column;
};

const clickAt = async (column: Locator, hhmm: string) => {
  const box = await column.boundingBox();
  if (!box) {
    throw new Error('no column');
  }
  const [h, m] = hhmm.split(':').map(Number);
  const minutes = ((h ?? 0) - 7) * 60 + (m ?? 0) + 3;
  await column.click({ position: { x: box.width / 2, y: (minutes / (12 * 60)) * box.height } });
};

const choose = async (page: Page, scope: Locator, label: string, option: string | RegExp) => {
  await scope.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option }).first().click();
};

describe('recurring appointments and the waitlist', () => {
  it('books a weekly series, moves all upcoming, and offers a cancelled occurrence to the waitlist', async () => {
    if (browser === undefined) {
      throw new Error('the browser did not start');
    }
    context = await browser.newContext({ baseURL, viewport: { width: 1400, height: 1000 } });
    await addSessionCookies(context, baseURL, await signInThroughApi(baseURL, demoAccount('front_desk')));
    const { page, problems } = await openPage(context);
    await page.goto('/schedule');
    const synced = page.locator('[data-testid="sync-status"][data-pending="0"]').filter({ hasText: 'Online' });
    await synced.waitFor();
    const { body: active } = await pageApi<{ practiceId: string }>(page, '/api/v1/session/active-practice');
    const { body } = await pageApi<{ patients: ApiPatient[] }>(page, `/api/v1/practices/${active.practiceId}/patients?limit=100`);
    const [regular, waiting] = [body.patients[10] as ApiPatient, body.patients[11] as ApiPatient];
    const blockOf = (patient: ApiPatient) => page.locator('[data-appointment-id]').filter({ hasText: `${patient.familyName}, ${patient.givenName}` });

    // A weekly series of three, Mondays at 11:00.
    await clickAt(await showDay(page, '2027-06-14'), '11:00');
    const booking = page.getByRole('dialog', { name: 'Book appointment' });
    await booking.getByLabel('Patient').fill(regular.familyName);
    await booking.getByRole('button', { name: new RegExp(`^${regular.familyName}, ${regular.givenName}`) }).click();
    await choose(page, booking, 'Repeats', 'Weekly');
    await booking.getByLabel('Number of appointments').fill('3');
    await booking.getByRole('button', { name: 'Book appointments' }).click();
    await booking.waitFor({ state: 'detached' });
    await expect.poll(() => blockOf(regular).getAttribute('aria-label')).toMatch(/, 11:00–/);
    await showDay(page, '2027-06-28');
    await expect.poll(() => blockOf(regular).getAttribute('aria-label')).toMatch(/, 11:00–/);

    // All upcoming move to 15:00 (from the second occurrence on: the first keeps its time).
    await showDay(page, '2027-06-21');
    await blockOf(regular).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Edit series…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'All upcoming' }).click();
    await page.getByRole('dialog').getByLabel('Start time').fill('15:00');
    await page.getByRole('dialog').getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await expect.poll(() => blockOf(regular).getAttribute('aria-label')).toMatch(/, 15:00–/);
    await showDay(page, '2027-06-28');
    await expect.poll(() => blockOf(regular).getAttribute('aria-label')).toMatch(/, 15:00–/);

    // Another patient waits for any time.
    await page.getByRole('button', { name: 'Waitlist', exact: true }).click();
    await page.getByRole('button', { name: 'Add to waitlist' }).click();
    const entry = page.getByRole('dialog', { name: 'Add to waitlist' });
    await entry.getByLabel('Patient').fill(waiting.familyName);
    await entry.getByRole('button', { name: new RegExp(`^${waiting.familyName}, ${waiting.givenName}`) }).click();
    await entry.getByLabel('Earliest date').fill('2027-06-01');
    await entry.getByRole('button', { name: 'Add to waitlist' }).click();
    await entry.waitFor({ state: 'detached' });
    await page.getByText(`${waiting.familyName}, ${waiting.givenName}`).first().waitFor();

    // The 28th is cancelled: the freed slot is offered to the waiting patient, who is booked into it.
    await showDay(page, '2027-06-28');
    await blockOf(regular).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel appointment…' }).click();
    await page.getByRole('dialog').getByLabel('Why is it cancelled?').fill('Patient is travelling');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel appointment', exact: true }).click();
    const offer = page.getByRole('dialog', { name: 'This slot is free: offer it to…' });
    await offer.getByRole('button', { name: `Book ${waiting.familyName}, ${waiting.givenName}` }).click();
    await offer.waitFor({ state: 'detached' });
    await expect.poll(() => blockOf(waiting).getAttribute('aria-label')).toMatch(/, 15:00–.*Booked$/);
    await expect.poll(() => blockOf(regular).getAttribute('aria-label')).toMatch(/Cancelled$/);
    await synced.waitFor();
    expect(problems).toEqual([]);
  }, 240_000);
});
