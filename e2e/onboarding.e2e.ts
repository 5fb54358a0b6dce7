import { randomBytes } from 'node:crypto';
import { generate } from 'otplib';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { browserContextPerTest, openPage } from './support/browser';

/*
 * The whole story of issue #4 in one browser run: an owner signs up and enrols TOTP, sets a short
 * session timeout, invites a front-desk member by email; the invitee accepts from the development
 * mailbox, enrols TOTP, is kept out of the admin pages, and is signed out when idle; the owner's
 * audit log shows it all.
 */

const baseURL = inject('baseURL');
const browserContext = browserContextPerTest(baseURL);

/** Enrols TOTP on /setup/two-factor; returns the key (for later codes). */
const enrolTotp = async (page: Page, password: string): Promise<string> => {
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Continue' }).click();
  const manualKey = page.getByTestId('totp-manual-key');
  await manualKey.waitFor();
  const secret = ((await manualKey.textContent()) ?? '').replace(/\s+/g, '');
  await page.getByLabel('Code from the app').fill(await generate({ secret }));
  await page.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
  await page.getByTestId('backup-codes').waitFor();
  await page.getByLabel('I saved my backup codes').click();
  await page.getByRole('button', { name: 'Continue' }).click();
  return secret;
};

describe('onboarding a practice', () => {
  it('signs up, invites a front-desk member who joins, keeps them out of admin pages, locks them out when idle, and audits it', async () => {
    const suffix = randomBytes(4).toString('hex');
    const ownerPassword = 'maple lantern orbit 7 canyon';
    const practiceName = `Riverside Pediatrics ${suffix}`;
    const inviteeEmail = `frank-${suffix}@clinic.test`;

    // 1. The owner signs up and enrols TOTP.
    const { page: owner, problems } = await openPage(browserContext.current());
    await owner.goto('/sign-up');
    await owner.getByLabel('Your name').fill('Dana Okafor');
    await owner.getByLabel('Work email').fill(`owner-${suffix}@clinic.test`);
    await owner.getByLabel('Password').fill(ownerPassword);
    await owner.getByLabel('Practice name').fill(practiceName);
    await owner.getByLabel('Time zone').fill('America/Chicago');
    await owner.getByRole('button', { name: 'Create practice' }).click();
    await owner.waitForURL('**/setup/two-factor');
    await enrolTotp(owner, ownerPassword);
    await owner.waitForURL('**/schedule');

    // 2. A short session timeout, so the idle lock comes quickly.
    await owner.goto('/settings/security');
    await owner.getByLabel('Session timeout (minutes)').fill('2');
    await owner.getByRole('button', { name: 'Save' }).click();
    await owner.getByText('Security settings saved').waitFor();

    // 3. Invite the front desk.
    await owner.goto('/settings/team');
    await owner.getByRole('button', { name: 'Invite member' }).click();
    const dialog = owner.getByRole('dialog', { name: 'Invite a member' });
    await dialog.getByLabel('Email').fill(inviteeEmail);
    await dialog.getByRole('combobox').click();
    await owner.getByRole('option', { name: 'Front desk' }).click();
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    await owner.getByText('Invitation sent').waitFor();
    await owner.getByText(inviteeEmail).first().waitFor();

    // 4. The invitation email, from the development mailbox.
    await owner.goto('/dev/mailbox');
    const row = owner.getByRole('row').filter({ hasText: inviteeEmail });
    await row.getByRole('link').click();
    const body = (await owner.locator('pre').textContent()) ?? '';
    const link = /https?:\/\/\S+\/invite#token=[\w-]+/.exec(body)?.[0];
    expect(link, 'the email carries an invitation link').toBeDefined();
    const invitePath = new URL(link ?? '').pathname + new URL(link ?? '').hash;

    // 5. The invitee, in their own browser, creates an account and joins, then enrols TOTP.
    const inviteeContext = await browserContext.current().browser()?.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
    if (!inviteeContext) {
      throw new Error('no browser');
    }
    try {
      const { page: invitee, problems: inviteeProblems } = await openPage(inviteeContext);
      await invitee.goto(invitePath);
      await invitee.getByText(practiceName).first().waitFor();
      const inviteePassword = 'harbor violet kettle 19 drum';
      await invitee.getByLabel('Your name').fill('Frank Delgado');
      await invitee.getByLabel('Choose a password').fill(inviteePassword);
      await invitee.getByRole('button', { name: 'Create account and join' }).click();
      // The front desk sees patient data, so TOTP comes first.
      await invitee.waitForURL('**/setup/two-factor**');
      await enrolTotp(invitee, inviteePassword);
      await invitee.waitForURL('**/schedule');
      // The token left the address bar as soon as the page read it.
      expect(invitee.url()).not.toContain('token=');

      // 6. The front desk is kept out of the admin pages.
      await invitee.goto('/settings/team');
      await invitee.getByRole('cell', { name: inviteeEmail }).waitFor();
      await expect(invitee.getByRole('button', { name: 'Invite member' }).count()).resolves.toBe(0);
      await invitee.goto('/settings/audit');
      await invitee.getByText('No audit log for your role').waitFor();
      // And so is the API behind them (from outside the page, so the refusal is no console error).
      const cookie = (await inviteeContext.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
      const practices = (await (await fetch(`${baseURL}/api/v1/session/active-practice`, { headers: { cookie } })).json()) as { practiceId: string };
      const audit = await fetch(`${baseURL}/api/v1/practices/${practices.practiceId}/audit`, { headers: { cookie } });
      expect(audit.status).toBe(403);
      await invitee.goto('/settings/security');
      await expect(invitee.getByRole('button', { name: 'Save' }).count()).resolves.toBe(0);

      // 7. Idle for the practice's 2 minutes: warned after one, signed out after two.
      await invitee.clock.install();
      await invitee.goto('/schedule');
      await invitee.getByRole('button', { name: 'Account' }).click();
      await invitee.getByRole('menuitem', { name: 'Sign out everywhere' }).waitFor();
      await invitee.keyboard.press('Escape');
      await invitee.clock.fastForward('01:05');
      await invitee.getByRole('dialog', { name: 'Are you still there?' }).waitFor();
      await invitee.clock.fastForward('01:00');
      await invitee.waitForURL('**/sign-in?reason=idle');
      expect(inviteeProblems).toEqual([]);
    } finally {
      await inviteeContext.close();
    }

    // 8. The owner's audit log shows the story.
    await owner.goto('/settings/audit');
    for (const action of ['practice.settings_changed', 'member.invited', 'member.joined']) {
      await owner.getByText(action, { exact: true }).first().waitFor();
    }
    expect(problems).toEqual([]);
  }, 240_000);
});
