import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { browserContextPerTest, openPage } from './support/browser';
import { waitForOfflineReady } from './support/offline';
import { addSessionCookies } from './support/session';
import { demoAccount, signInWithForm } from './support/sign-in';
import { deviceRecords, pageApi } from './support/page-data';

/*
 * Issue #6's first story: the patients screen reads and writes this browser's database. The front
 * desk signs in with password and code, the list fills from the device, search works; with the
 * network cut a patient is registered and another's phone changed, both shown at once and counted
 * as pending; a reload with the network still off opens from the service worker and asks for the
 * password, and both changes are still there; back online both reach the server and appear in the
 * owner's browser, open meanwhile, without a reload. Waits on visible state, never on time.
 */

const baseURL = inject('baseURL');
const sessions = inject('sessions');
const browserContext = browserContextPerTest(baseURL);

type ApiPatient = { id: string; givenName: string; familyName: string; dateOfBirth: string; mrn: string; phoneMobile: string | null };

const frontDesk = demoAccount('front_desk');

const rowNamed = (page: Page, family: string, given: string) => page.getByTestId('patient-row').filter({ hasText: `${family}, ${given}` });

describe('patients on the device', () => {
  it('lists and searches from the device database, works offline, and syncs both changes when back online', async () => {
    const context = browserContext.current();
    const { page, problems } = await openPage(context);
    await signInWithForm(page, frontDesk);
    await page.goto('/patients');
    // The app opens offline only once the service worker has stored its screens.
    await waitForOfflineReady(page);

    const status = page.getByTestId('sync-status');
    const { body: active } = await pageApi<{ practiceId: string }>(page, '/api/v1/session/active-practice');
    const { body: server } = await pageApi<{ patients: ApiPatient[] }>(page, `/api/v1/practices/${active.practiceId}/patients?limit=100`);
    expect(server.patients.length).toBeGreaterThan(20);

    // The first sync finished (the pill says Online, not Downloading) and every current patient is listed.
    await status.filter({ hasText: 'Online' }).waitFor();
    // The list shows up to 50 at first ("Show more" adds more); the demo practices have fewer.
    const shown = Math.min(server.patients.length, 50);
    const rows = page.getByTestId('patient-row');
    await rows.nth(shown - 1).waitFor();
    expect(await rows.count()).toBe(shown);

    // The sign-in wrapped the device key with the password too (offline unlock), best-effort but done.
    await expect
      .poll(async () => (await deviceRecords<{ passwordWrapped: unknown }>(page)).some((record) => record.passwordWrapped !== null))
      .toBe(true);

    // Search: by name prefix, by birth date, by MRN.
    const target = server.patients[3] as ApiPatient;
    const search = page.getByLabel('Search patients');
    await search.fill(`${target.familyName.slice(0, 3)} ${target.givenName.slice(0, 2)}`);
    await rowNamed(page, target.familyName, target.givenName).waitFor();
    await search.fill(target.dateOfBirth);
    await rowNamed(page, target.familyName, target.givenName).waitFor();
    await search.fill(target.mrn);
    await rowNamed(page, target.familyName, target.givenName).waitFor();
    expect(await rows.count()).toBe(1);
    await search.fill('');

    // Offline: register one patient and change another's mobile phone.
    await context.setOffline(true);
    await status.filter({ hasText: 'Offline' }).waitFor();

    const family = `Offline${randomBytes(3).toString('hex')}`;
    await page.getByRole('button', { name: 'New patient' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Given name').fill('Wren');
    await dialog.getByLabel('Family name').fill(family);
    // A field error from the shared schema first, then the fix.
    await dialog.getByLabel('Date of birth').fill('19/07/2015');
    await dialog.getByRole('button', { name: 'Register patient' }).click();
    await dialog.getByText('expected a date such as 1984-07-19').waitFor();
    await dialog.getByLabel('Date of birth').fill('2015-07-19');
    await dialog.getByRole('button', { name: 'Register patient' }).click();
    await dialog.waitFor({ state: 'detached' });

    const phone = `+1617555${String(1000 + Math.floor(Math.random() * 8999))}`;
    await page.getByRole('button', { name: new RegExp(`^Edit ${target.familyName}, ${target.givenName}`) }).click();
    await dialog.getByLabel('Mobile phone').fill(phone);
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'detached' });

    // Both at once, from the device: the new patient with its MRN pending, the other with the new phone.
    await rowNamed(page, family, 'Wren').filter({ hasText: 'MRN pending' }).waitFor();
    await rowNamed(page, target.familyName, target.givenName).filter({ hasText: phone }).waitFor();
    await status.filter({ hasText: 'Offline' }).filter({ hasText: '2 pending' }).waitFor();

    // Meanwhile the owner has the same practice open in another browser: the offline work is not on
    // the server. (Checked before the reload below: a worker started by a reload can send a request
    // before the test browser applies its offline emulation to it, which no real network does.)
    const browser = context.browser();
    if (browser === null) {
      throw new Error('the context has no browser');
    }
    const ownerContext = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
    try {
      await addSessionCookies(ownerContext, baseURL, sessions.owner ?? []);
      const { page: ownerPage } = await openPage(ownerContext);
      await ownerPage.goto('/patients');
      const { body: ownerActive } = await pageApi<{ practiceId: string }>(ownerPage, '/api/v1/session/active-practice');
      expect(ownerActive.practiceId).toBe(active.practiceId);
      await ownerPage.getByTestId('sync-status').filter({ hasText: 'Online' }).waitFor();
      await rowNamed(ownerPage, target.familyName, target.givenName).waitFor();
      expect(await rowNamed(ownerPage, family, 'Wren').count()).toBe(0);

      // A reload with the network still off: the service worker serves the page, the server cannot
      // unlock the device, so it asks for the password — and the offline work is all still there.
      await page.reload();
      const unlock = page.getByTestId('unlock-screen');
      await unlock.getByText("You're offline. Enter your password to open this device's data.").waitFor();
      await unlock.getByLabel('Password').fill(frontDesk.password);
      await unlock.getByRole('button', { name: 'Unlock' }).click();
      await unlock.waitFor({ state: 'detached' });
      await rowNamed(page, family, 'Wren').filter({ hasText: 'MRN pending' }).waitFor();
      await rowNamed(page, target.familyName, target.givenName).filter({ hasText: phone }).waitFor();
      await status.filter({ hasText: 'Offline' }).filter({ hasText: '2 pending' }).waitFor();

      // Back online: both are sent, the server assigns the MRN, nothing stays pending — and the
      // owner's screen shows both through its poke, with no reload.
      await context.setOffline(false);
      await rowNamed(ownerPage, family, 'Wren').filter({ hasNotText: 'MRN pending' }).waitFor();
      await rowNamed(ownerPage, target.familyName, target.givenName).filter({ hasText: phone }).waitFor();
    } finally {
      await ownerContext.close();
    }
    await page.locator('[data-testid="sync-status"][data-pending="0"]').filter({ hasText: 'Online' }).waitFor();
    await rowNamed(page, family, 'Wren').filter({ hasNotText: 'MRN pending' }).waitFor();

    const { body: found } = await pageApi<{ patients: ApiPatient[] }>(page, `/api/v1/practices/${active.practiceId}/patients?q=${family}`);
    expect(found.patients).toHaveLength(1);
    const created = found.patients[0] as ApiPatient;
    const { status: createdStatus, body: createdBody } = await pageApi<{ patient: ApiPatient }>(
      page,
      `/api/v1/practices/${active.practiceId}/patients/${created.id}`,
    );
    expect(createdStatus).toBe(200);
    expect(createdBody.patient).toMatchObject({ givenName: 'Wren', familyName: family, dateOfBirth: '2015-07-19' });
    expect(createdBody.patient.mrn).toMatch(/^\d{6,}$/);
    const { body: edited } = await pageApi<{ patient: ApiPatient }>(page, `/api/v1/practices/${active.practiceId}/patients/${target.id}`);
    expect(edited.patient.phoneMobile).toBe(phone);

    // The database synced as the registered device (its sync client id is the device id), so
    // revoking the device stops it.
    const deviceId = (await deviceRecords<{ deviceId: string }>(page))[0]?.deviceId ?? null;
    const { body: devices } = await pageApi<{ devices: { deviceId: string; lastSyncAt: string | null }[] }>(page, '/api/v1/devices');
    const device = devices.devices.find((candidate) => candidate.deviceId === deviceId);
    expect(device).toBeDefined();
    expect(device?.lastSyncAt).not.toBeNull();

    // Network failures while offline are expected console noise; anything else is a problem.
    expect(problems.filter((problem) => !problem.includes('net::ERR_INTERNET_DISCONNECTED'))).toEqual([]);
  }, 180_000);
});
