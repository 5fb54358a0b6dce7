import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessionResolver } from '@/lib/api/session';
import { ROLES } from '@/lib/auth/permissions';
import { seedDemoData } from '@/lib/db/seed/demo';
import { seedDemoAccounts } from '@/lib/domain/identity/demo-accounts';
import { DEMO_ACCOUNTS } from '@/lib/domain/identity/demo-staff';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { APP_URL, authRequest, cookieHeader, createTestAuth, TEST_AUTH_SECRET } from './helpers';

// The demo staff printed by `npm start`: one per role, signing in with the printed password and a
// code from an authenticator app holding the printed setup key (computed here with otplib).
describe('demo accounts', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await seedDemoData(t.database);
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('has one account per role, seeded once', async () => {
    expect(DEMO_ACCOUNTS.map((a) => a.role).sort()).toEqual([...ROLES].sort());
    const auth = createTestAuth(t.database);
    expect(await seedDemoAccounts(t.database, auth, TEST_AUTH_SECRET)).toBe(true);
    expect(await seedDemoAccounts(t.database, auth, TEST_AUTH_SECRET)).toBe(false);
  });

  it.each(DEMO_ACCOUNTS.map((a) => [a.role, a] as const))('signs the %s in with password and TOTP', async (_role, account) => {
    const auth = createTestAuth(t.database);
    const first = await authRequest(auth, '/sign-in/email', { body: { email: account.email, password: account.password } });
    expect(await first.json()).toMatchObject({ twoFactorRedirect: true });
    const code = await generate({ secret: account.totpKey });
    const verified = await authRequest(auth, '/two-factor/verify-totp', { body: { code }, cookie: cookieHeader(first.headers.getSetCookie()) });
    expect(verified.status).toBe(200);
    const resolve = createSessionResolver({ auth: () => Promise.resolve(auth), database: () => Promise.resolve(t.database) });
    const session = await resolve(new Request(APP_URL, { headers: { cookie: cookieHeader(verified.headers.getSetCookie()) } }));
    expect(session?.twoFactorEnabled).toBe(true);
    expect(session?.memberships.map((m) => m.role)).toEqual([account.role, account.role]);
  });
});
