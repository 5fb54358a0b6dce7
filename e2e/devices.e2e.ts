import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, openPage } from './support/browser';
import { addSessionCookies } from './support/session';
import { demoAccount, signInWithForm } from './support/sign-in';
import { deviceRecords, pageApi, storageOf } from './support/page-data';

/*
 * Issue #6 §5, devices on the account security page. One person (the demo owner) in two browser
 * contexts, so two devices: B with the global setup's owner session, A signed in through the form.
 * A's card lists both, "This browser" on A's. A revokes B; B's next contact with the server (a
 * reload) deletes its database and says so. On A, "Remove this browser's data" with a change the
 * server has not received refuses and says how many; once the server can be reached again it sends
 * the change, then revokes A, deletes its database and device record and signs out; B (signed in
 * again as a fresh device) lists both old devices revoked and finds A's change on the server.
 *
 * Accounts: the owner. B uses the global setup's owner session (never signed out here; only B's
 * device is revoked, not its session). A signs in through the form with the next time step's code
 * (the global setup used the current one); no other e2e file signs the owner in. Waits on visible
 * state, never on time.
 */

const baseURL = inject('baseURL');
const sessions = inject('sessions');

const owner = demoAccount('owner');

type StoredRecord = { userId: string; deviceId: string; fileName: string };
type ApiDevice = { deviceId: string; label: string | null; revokedAt: string | null; lastSyncAt: string | null };
type ApiPatient = { id: string; phoneMobile: string | null };

/** The one device record of this context, once the page has registered it. */
const onlyRecord = async (page: Page): Promise<StoredRecord> => {
  await expect.poll(async () => (await deviceRecords<StoredRecord>(page)).length).toBe(1);
  const [record] = await deviceRecords<StoredRecord>(page);
  if (record === undefined) {
    throw new Error('no device record');
  }
  return record;
};

// Network failures (the push cut on purpose) and the refusals below are expected console noise.
const unexpected = (problems: string[]) =>
  problems.filter(
    (problem) =>
      !problem.includes('net::ERR_INTERNET_DISCONNECTED') &&
      // The revoked device's requests (403 DEVICE_REVOKED), the signed-out page's check (401).
      !problem.includes('status of 403') &&
      !problem.includes('status of 401'),
  );

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

const newContext = async () => {
  if (browser === undefined) {
    throw new Error('the browser did not start');
  }
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
  contexts.push(context);
  return context;
};

/** On the patients screen after the first sync: the device is registered and has synced. */
const openPatients = async (page: Page) => {
  await page.goto('/patients');
  await page.locator('[data-testid="sync-status"][data-pending="0"]').filter({ hasText: 'Online' }).waitFor();
  await page.getByTestId('patient-row').first().waitFor();
};

describe('devices', () => {
  it('lists both devices, revokes the other one (it wipes at its next contact), and removes this browser’s data only once nothing is unsynced', async () => {
    if (owner === undefined) {
      throw new Error('no demo owner account');
    }
    // B: the global setup's owner session.
    const contextB = await newContext();
    await addSessionCookies(contextB, baseURL, sessions.owner ?? []);
    const b = await openPage(contextB);
    await openPatients(b.page);
    const recordB = await onlyRecord(b.page);

    // A: the owner signs in through the form (the next step's code: the global setup used this one).
    const contextA = await newContext();
    const a = await openPage(contextA);
    await signInWithForm(a.page, owner);
    await openPatients(a.page);
    const recordA = await onlyRecord(a.page);
    expect(recordA.userId).toBe(recordB.userId);
    expect(recordA.deviceId).not.toBe(recordB.deviceId);

    // A's card: both devices, active, "This browser" on A's row only; Revoke offered for B, removal for A.
    await a.page.goto('/account/security');
    const card = a.page.locator('[data-slot="card"]').filter({ has: a.page.getByText('Devices', { exact: true }) });
    const rowOf = (page: Page, deviceId: string) => page.locator(`[data-testid="device-row"][data-device-id="${deviceId}"]`);
    await rowOf(a.page, recordA.deviceId).filter({ hasText: 'This browser' }).filter({ hasText: 'Active' }).waitFor();
    await rowOf(a.page, recordB.deviceId).filter({ hasText: 'Active' }).waitFor();
    expect(await card.getByText('This browser', { exact: true }).count()).toBe(1);
    expect(await rowOf(a.page, recordA.deviceId).getByRole('button', { name: "Remove this browser's data" }).count()).toBe(1);
    expect(await rowOf(a.page, recordA.deviceId).getByRole('button', { name: /^Revoke/ }).count()).toBe(0);

    // A revokes B, after a confirmation that says what B loses.
    const { body: listed } = await pageApi<{ devices: ApiDevice[] }>(a.page, '/api/v1/devices');
    const labelB = listed.devices.find((device) => device.deviceId === recordB.deviceId)?.label ?? '';
    expect(labelB.length).toBeGreaterThan(0);
    await rowOf(a.page, recordB.deviceId).getByRole('button', { name: `Revoke ${labelB}` }).click();
    const revokeDialog = a.page.getByRole('dialog', { name: `Revoke ${labelB}?` });
    await revokeDialog
      .getByText("It will delete its copy of the practice data the next time it connects. Changes made on it that haven't synced will be lost.")
      .waitFor();
    await revokeDialog.getByRole('button', { name: 'Revoke device' }).click();
    await revokeDialog.waitFor({ state: 'detached' });
    await rowOf(a.page, recordB.deviceId).filter({ hasText: 'Revoked on' }).waitFor();
    await rowOf(a.page, recordA.deviceId).filter({ hasText: 'Active' }).waitFor();

    // B's next contact with the server: it says so and its database and device record are gone.
    const beforeB = await storageOf(b.page, recordB.fileName);
    expect(beforeB.opfs.length + beforeB.idb.length).toBeGreaterThan(0);
    await b.page.reload();
    await b.page.getByText('Access from this browser was revoked, so the practice data stored on it has been deleted.').waitFor();
    expect(await storageOf(b.page, recordB.fileName)).toEqual({ opfs: [], idb: [] });
    expect(await deviceRecords<StoredRecord>(b.page)).toEqual([]);

    // On A, a change the server cannot receive (its push requests fail as if offline).
    await contextA.route('**/api/sync/push', (route) => route.abort('internetdisconnected'));
    await a.page.goto('/patients');
    const status = a.page.getByTestId('sync-status');
    await a.page.getByTestId('patient-row').first().waitFor();
    const { body: active } = await pageApi<{ practiceId: string }>(a.page, '/api/v1/session/active-practice');
    const { body: server } = await pageApi<{ patients: (ApiPatient & { givenName: string; familyName: string })[] }>(
      a.page,
      `/api/v1/practices/${active.practiceId}/patients?limit=100`,
    );
    const target = server.patients[5];
    if (target === undefined) {
      throw new Error('too few demo patients');
    }
    const phone = `+1617555${String(1000 + Math.floor(Math.random() * 8999))}`;
    await a.page.getByRole('button', { name: new RegExp(`^Edit ${target.familyName}, ${target.givenName}`) }).click();
    const editDialog = a.page.getByRole('dialog');
    await editDialog.getByLabel('Mobile phone').fill(phone);
    await editDialog.getByRole('button', { name: 'Save changes' }).click();
    await editDialog.waitFor({ state: 'detached' });
    await status.filter({ hasText: '1 pending' }).waitFor();

    // Removing this browser's data now is refused, with how many and why; nothing is deleted.
    await a.page.goto('/account/security');
    const removeButton = rowOf(a.page, recordA.deviceId).getByRole('button', { name: "Remove this browser's data" });
    const remove = async () => {
      // Enabled once this page's database is open (the removal checks its outbox); click waits for that.
      await removeButton.click();
      const dialog = a.page.getByRole('dialog', { name: "Remove this browser's data?" });
      await dialog.getByRole('button', { name: 'Remove data and sign out' }).click();
    };
    await remove();
    await card
      .getByRole('alert')
      .filter({ hasText: "Nothing was removed: 1 change hasn't reached the server yet. Stay online until they sync" })
      .waitFor();
    const beforeA = await storageOf(a.page, recordA.fileName);
    expect(beforeA.opfs.length + beforeA.idb.length).toBeGreaterThan(0);
    expect((await deviceRecords<StoredRecord>(a.page)).map((record) => record.deviceId)).toEqual([recordA.deviceId]);
    await rowOf(a.page, recordA.deviceId).filter({ hasText: 'Active' }).waitFor();

    // The server is reachable again: the removal sends the change first, then deletes everything here and signs out.
    await contextA.unroute('**/api/sync/push');
    await remove();
    await a.page.waitForURL('**/sign-in?reason=device_removed');
    await a.page.getByText("This browser's copy of the practice data was removed and you were signed out.").waitFor();
    expect(await storageOf(a.page, recordA.fileName)).toEqual({ opfs: [], idb: [] });
    expect(await deviceRecords<StoredRecord>(a.page)).toEqual([]);
    expect((await pageApi<unknown>(a.page, '/api/v1/devices')).status).toBe(401);

    // B, opened again as a fresh device: A's change reached the server, and both old devices are listed revoked.
    const { body: edited } = await pageApi<{ patient: ApiPatient }>(b.page, `/api/v1/practices/${active.practiceId}/patients/${target.id}`);
    expect(edited.patient.phoneMobile).toBe(phone);
    await b.page.goto('/account/security');
    await rowOf(b.page, recordA.deviceId).filter({ hasText: 'Revoked on' }).waitFor();
    await rowOf(b.page, recordB.deviceId).filter({ hasText: 'Revoked on' }).waitFor();
    const freshB = await onlyRecord(b.page);
    expect(freshB.deviceId).not.toBe(recordB.deviceId);
    await rowOf(b.page, freshB.deviceId).filter({ hasText: 'This browser' }).filter({ hasText: 'Active' }).waitFor();

    expect(unexpected(a.problems)).toEqual([]);
    expect(unexpected(b.problems)).toEqual([]);
  }, 240_000);
});
