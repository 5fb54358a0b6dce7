import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { browserContextPerTest, openPage } from './support/browser';
import { demoAccount, signInWithForm } from './support/sign-in';
import { pageApi } from './support/page-data';

/*
 * Issue #6 §2 (test "two tabs in one context"): two tabs of one browser share one device database.
 * Exactly one leads (holds the file, runs sync); a change made in either tab shows in the other
 * without a reload; when the leader tab closes, the other takes over and its changes still reach
 * the server. The provider signs in here (its code from freshTotpCode, so other files signing the
 * same account in do not spend it). Waits on visible state, never on time.
 */

const baseURL = inject('baseURL');
const browserContext = browserContextPerTest(baseURL);

type ApiPatient = { id: string; givenName: string; familyName: string; phoneMobile: string | null; archivedAt: string | null };

const provider = demoAccount('provider');

const rowNamed = (page: Page, family: string, given: string) => page.getByTestId('patient-row').filter({ hasText: `${family}, ${given}` });

/** This tab's part, once its database is open: the sync pill says it (data-local-db-role). */
const roleOf = async (page: Page): Promise<string | null> => {
  const pill = page.locator('[data-testid="sync-status"][data-local-db-role]');
  await pill.waitFor();
  return pill.getAttribute('data-local-db-role');
};

describe('two tabs of one browser', () => {
  it('have one leader, see each other’s changes live, and hand over when the leader closes', async () => {
    const context = browserContext.current();
    const { page: first, problems: firstProblems } = await openPage(context);
    await signInWithForm(first, provider);
    await first.goto('/patients');
    await first.getByTestId('sync-status').filter({ hasText: 'Online' }).waitFor();
    const { page: second, problems: secondProblems } = await openPage(context);
    await second.goto('/patients');
    await second.getByTestId('sync-status').filter({ hasText: 'Online' }).waitFor();

    // Exactly one leader.
    const roles = [await roleOf(first), await roleOf(second)];
    expect([...roles].sort()).toEqual(['follower', 'leader']);

    // A patient of this test's own, registered in tab 1 and synced (the server assigned its MRN).
    const family = `Tabs${randomBytes(3).toString('hex')}`;
    await first.getByRole('button', { name: 'New patient' }).click();
    const dialog = first.getByRole('dialog');
    await dialog.getByLabel('Given name').fill('Ada');
    await dialog.getByLabel('Family name').fill(family);
    await dialog.getByLabel('Date of birth').fill('1990-02-03');
    await dialog.getByRole('button', { name: 'Register patient' }).click();
    await dialog.waitFor({ state: 'detached' });
    await rowNamed(first, family, 'Ada').filter({ hasNotText: 'MRN pending' }).waitFor();
    await rowNamed(second, family, 'Ada').filter({ hasNotText: 'MRN pending' }).waitFor();

    // Tab 1 edits the phone: tab 2 shows it without a reload.
    const phone = `+1617555${String(1000 + Math.floor(Math.random() * 8999))}`;
    await first.getByRole('button', { name: new RegExp(`^Edit ${family}, Ada`) }).click();
    await dialog.getByLabel('Mobile phone').fill(phone);
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'detached' });
    await rowNamed(second, family, 'Ada').filter({ hasText: phone }).waitFor();

    // Tab 2 archives the patient from its editor, after confirming: gone from tab 1's list.
    await second.getByRole('button', { name: new RegExp(`^Edit ${family}, Ada`) }).click();
    await second.getByRole('dialog', { name: 'Edit patient' }).getByRole('button', { name: 'Archive…' }).click();
    const confirm = second.getByRole('alertdialog', { name: `Archive Ada ${family}?` });
    await confirm.getByRole('button', { name: 'Archive patient' }).click();
    await confirm.waitFor({ state: 'detached' });
    await second.getByRole('dialog', { name: 'Edit patient' }).waitFor({ state: 'detached' });
    await rowNamed(first, family, 'Ada').waitFor({ state: 'detached' });
    await rowNamed(second, family, 'Ada').waitFor({ state: 'detached' });

    // The leader tab closes: the other takes over, and its change (a restore, from the row's menu)
    // reaches the server.
    const [leader, survivor] = roles[0] === 'leader' ? [first, second] : [second, first];
    await leader.close();
    await survivor.locator('[data-testid="sync-status"][data-local-db-role="leader"]').waitFor();
    await survivor.getByLabel('Show archived').check();
    await survivor.getByRole('button', { name: `More actions for ${family}, Ada` }).click();
    await survivor.getByRole('menuitem', { name: 'Restore' }).click();
    await rowNamed(survivor, family, 'Ada').filter({ hasNotText: 'Archived' }).waitFor();
    // On the server: the phone from tab 1, and the restore from the new leader (the archive before it
    // was sent by one leader or the other; either way the server's latest word is "not archived").
    const { body: active } = await pageApi<{ practiceId: string }>(survivor, '/api/v1/session/active-practice');
    const onServer = async () =>
      (await pageApi<{ patients: ApiPatient[] }>(survivor, `/api/v1/practices/${active.practiceId}/patients?q=${family}&archived=include`)).body.patients.map(
        ({ familyName, phoneMobile, archivedAt }) => ({ familyName, phoneMobile, archivedAt }),
      );
    await expect.poll(onServer, { timeout: 30_000 }).toEqual([{ familyName: family, phoneMobile: phone, archivedAt: null }]);
    await survivor.locator('[data-testid="sync-status"][data-pending="0"]').filter({ hasText: 'Online' }).waitFor();

    expect([...firstProblems, ...secondProblems]).toEqual([]);
  }, 180_000);
});
