import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DemoAccount } from '@/lib/domain/identity/demo-staff';
import { launchBrowser, openPage } from './support/browser';
import { addSessionCookies, signInThroughApi } from './support/session';
import { demoAccount } from './support/sign-in';

/*
 * Issue #7 §1: the practice's scheduling set-up, from the settings hub — an owner adds a room and a
 * holiday (saved on the device, synced), retires the room and restores it; the front desk sees the
 * same set-up read-only. Accounts: owner and front desk, signed in through the API here.
 */

const baseURL = inject('baseURL');

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

const openAs = async (role: DemoAccount['role']) => {
  if (browser === undefined) {
    throw new Error('the browser did not start');
  }
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  await addSessionCookies(context, baseURL, await signInThroughApi(baseURL, demoAccount(role)));
  return openPage(context);
};

describe('scheduling set-up', () => {
  it('lets the owner add, retire and restore a room and add a holiday, and shows the front desk the same, read-only', async () => {
    const suffix = randomBytes(2).toString('hex');
    const roomName = `Room E2E ${suffix}`;
    const owner = await openAs('owner');
    await owner.page.goto('/settings');
    await owner.page.getByRole('link', { name: 'Scheduling' }).click();
    await owner.page.waitForURL('**/settings/scheduling');
    const synced = owner.page.locator('[data-testid="sync-status"][data-pending="0"]').filter({ hasText: 'Online' });
    await synced.waitFor();

    await owner.page.getByRole('tab', { name: 'Rooms' }).click();
    await owner.page.getByRole('button', { name: 'Add room' }).click();
    const dialog = owner.page.getByRole('dialog');
    // A room needs a name: the field says so and nothing is saved.
    await dialog.getByRole('button', { name: 'Add room' }).click();
    await dialog.getByText('required').waitFor();
    await dialog.getByLabel('Name').fill(roomName);
    await dialog.getByRole('button', { name: 'Add room' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = owner.page.getByTestId('room-row').filter({ hasText: roomName });
    await row.waitFor();

    await row.getByRole('button', { name: /^Retire/ }).click();
    await owner.page.getByRole('alertdialog').getByRole('button', { name: 'Retire room' }).click();
    await row.filter({ hasText: 'Retired' }).waitFor();
    await row.getByRole('button', { name: /^Restore/ }).click();
    await expect.poll(() => row.filter({ hasText: 'Retired' }).count()).toBe(0);

    await owner.page.getByRole('tab', { name: 'Holidays' }).click();
    await owner.page.getByRole('button', { name: 'Add holiday' }).click();
    const holiday = owner.page.getByRole('dialog');
    await holiday.getByLabel('Name').fill(`Founders' day ${suffix}`);
    await holiday.getByLabel('Date').fill('2027-09-17');
    await holiday.getByRole('button', { name: 'Add holiday' }).click();
    await holiday.waitFor({ state: 'detached' });
    await owner.page.getByRole('cell', { name: `Founders' day ${suffix}`, exact: true }).waitFor();
    await synced.waitFor();

    // Reminders a day and a half ahead (a value out of range is refused under the field first).
    const hours = owner.page.getByLabel('Hours before the appointment');
    await hours.fill('500');
    await owner.page.getByRole('button', { name: 'Save', exact: true }).click();
    await owner.page.getByText('at most 168 hours').waitFor();
    await hours.fill('36');
    await owner.page.getByRole('button', { name: 'Save', exact: true }).click();
    await owner.page.getByText('Reminder settings saved').waitFor();

    // A provider's calendar link: a subscribe address, and the feed behind it is a calendar.
    await owner.page.getByRole('tab', { name: 'Providers' }).click();
    await owner.page.getByTestId('provider-row').first().getByRole('button', { name: /^Calendar link/ }).click();
    const feedDialog = owner.page.getByRole('dialog');
    await feedDialog.getByRole('button', { name: 'Make a link' }).click();
    const webcal = await feedDialog.getByLabel('Subscribe link (calendar apps)').inputValue();
    expect(webcal).toMatch(/^webcal:\/\/.+\/api\/v1\/calendar-feeds\/[\w-]{43}$/);
    const feed = await fetch(await feedDialog.getByLabel('Web address (https)').inputValue());
    expect(feed.headers.get('content-type')).toContain('text/calendar');
    expect(await feed.text()).toContain('BEGIN:VCALENDAR');
    await owner.page.keyboard.press('Escape');
    await feedDialog.waitFor({ state: 'detached' });

    // The front desk sees what the owner set up, without the buttons to change it.
    const desk = await openAs('front_desk');
    await desk.page.goto('/settings/scheduling');
    await desk.page.getByText('Owners and administrators make changes').waitFor();
    await desk.page.getByRole('tab', { name: 'Rooms' }).click();
    await desk.page.getByTestId('room-row').filter({ hasText: roomName }).waitFor();
    expect(await desk.page.getByRole('button', { name: 'Add room' }).count()).toBe(0);
    await desk.page.getByTestId('reminder-setting').filter({ hasText: '36 hours before' }).waitFor();

    expect(owner.problems).toEqual([]);
    expect(desk.problems).toEqual([]);
  }, 180_000);
});
