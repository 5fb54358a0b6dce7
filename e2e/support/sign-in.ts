import type { Page } from 'playwright-core';
import { DEMO_ACCOUNTS, type DemoAccount } from '@/lib/domain/identity/demo-staff';
import { freshTotpCode } from './totp';

/** The demo account of `role`; throws when the demo data has none. */
export const demoAccount = (role: DemoAccount['role']): DemoAccount => {
  const found = DEMO_ACCOUNTS.find((account) => account.role === role);
  if (found === undefined) {
    throw new Error(`no demo ${role} account`);
  }
  return found;
};

/**
 * Signs a demo account in through the sign-in form, as a person does: email and password (and the
 * shared-computer box when asked), then a code from the authenticator (one no other sign-in of this
 * run used); resolves once the app left the sign-in page. The form's password sign-in is also what
 * wraps this browser's device key for offline unlock.
 */
export const signInWithForm = async (page: Page, account: DemoAccount, { sharedComputer = false } = {}): Promise<void> => {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  if (sharedComputer) {
    await page.getByLabel('This is a shared computer').check();
  }
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  const codeField = page.getByLabel('Code from your authenticator app');
  await codeField.waitFor();
  await codeField.fill(await freshTotpCode(account.totpKey));
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
};
