import { and, eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { isAppError } from '@/lib/api/errors';
import { MemoryRateLimitStore } from '@/lib/api/rate-limit/memory-store';
import { createAuth, type Auth } from '@/lib/auth/auth';
import { createSignInThrottle, type SignInThrottle } from '@/lib/auth/sign-in-throttle';
import { queryRows } from '@/lib/db/client';
import { sessions, twoFactors, users } from '@/lib/db/schema/auth';
import { practiceMembers } from '@/lib/db/schema/members';
import { changeEmail } from '@/lib/domain/identity/change-email';
import { reauthenticate } from '@/lib/domain/identity/reauthenticate';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import {
  ageSession,
  APP_URL,
  authRequest,
  browserHeaders,
  cookieHeader,
  enrolTotp,
  sessionOf,
  signUpOwner,
  STRONG_PASSWORD,
  TEST_AUTH_SECRET,
  totpAt,
} from './helpers';

const PERIOD_MS = 30_000;
const NEW_PASSWORD = 'violet harbour seventeen kettles';

describe('re-authentication for changes to email, password and factors', () => {
  let t: TestDatabase;
  let auth: Auth;
  let throttle: SignInThrottle;

  beforeAll(async () => {
    t = await createTestDatabase();
    // One throttle on a private store, shared by better-auth's hooks and our endpoint.
    throttle = createSignInThrottle({ store: new MemoryRateLimitStore() });
    auth = createAuth(t.database, { appUrl: APP_URL, secret: TEST_AUTH_SECRET, signInThrottle: throttle });
  });

  afterAll(async () => {
    await t.dispose();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  const reauth = (cookie: string, input: { password: string; code?: string }) =>
    sessionOf(auth, cookie).then((actor) =>
      reauthenticate({
        database: t.database,
        auth,
        actor,
        input,
        throttle,
        request: { requestId: 'test', ipAddress: '203.0.113.7', userAgent: 'vitest', headers: browserHeaders(cookie) },
      }),
    );

  const auditActions = async (userId: string) =>
    (
      await queryRows<{ action: string }>(
        t.database.db,
        sql`select action from audit_log where actor_user_id = ${userId}::uuid order by seq`,
      )
    ).map((row) => row.action);

  const errorCode = async (response: Response): Promise<unknown> => ((await response.json()) as { code?: unknown }).code;

  /** A signed-up owner turned into a member of `role` (the only membership), with an aged session. */
  const staffWithOldSession = async (role: 'auditor' | 'provider' | 'owner' = 'owner') => {
    const owner = await signUpOwner(t.database, auth);
    if (role !== 'owner') {
      await t.database.db
        .update(practiceMembers)
        .set({ role })
        .where(and(eq(practiceMembers.userId, owner.result.userId), eq(practiceMembers.practiceId, owner.result.practiceId)));
    }
    const cookie = cookieHeader(owner.setCookies);
    const { sessionId } = await sessionOf(auth, cookie);
    await ageSession(t.database, sessionId, 10);
    return { ...owner, cookie, sessionId, userId: owner.result.userId };
  };

  it('a fresh sign-in counts: the password changes at once, audited, and the old password stops working', async () => {
    const { input, setCookies, result } = await signUpOwner(t.database, auth);
    const changed = await authRequest(auth, '/change-password', {
      body: { currentPassword: input.password, newPassword: NEW_PASSWORD },
      cookie: cookieHeader(setCookies),
    });
    expect(changed.status).toBe(200);
    expect(await auditActions(result.userId)).toContain('auth.password.changed');

    const old = await authRequest(auth, '/sign-in/email', { body: { email: input.email, password: input.password } });
    expect(old.status).toBe(401);
    const fresh = await authRequest(auth, '/sign-in/email', { body: { email: input.email, password: NEW_PASSWORD } });
    expect(fresh.status).toBe(200);
  });

  it('an old session is refused every sensitive change (403 REAUTHENTICATION_REQUIRED), nothing changes; after re-authenticating they pass', async () => {
    const staff = await staffWithOldSession('auditor');
    const [before] = await t.database.db.select().from(users).where(eq(users.id, staff.userId));

    const attempts = [
      () => authRequest(auth, '/change-password', { body: { currentPassword: STRONG_PASSWORD, newPassword: NEW_PASSWORD }, cookie: staff.cookie }),
      () => authRequest(auth, '/passkey/generate-register-options', { method: 'GET', cookie: staff.cookie }),
      () => authRequest(auth, '/passkey/verify-registration', { body: { response: {} }, cookie: staff.cookie }),
      () => authRequest(auth, '/passkey/delete-passkey', { body: { id: staff.userId }, cookie: staff.cookie }),
      () => authRequest(auth, '/two-factor/disable', { body: { password: STRONG_PASSWORD }, cookie: staff.cookie }),
      () => authRequest(auth, '/two-factor/generate-backup-codes', { body: { password: STRONG_PASSWORD }, cookie: staff.cookie }),
      () => authRequest(auth, '/two-factor/get-totp-uri', { body: { password: STRONG_PASSWORD }, cookie: staff.cookie }),
      () => authRequest(auth, '/list-sessions', { method: 'GET', cookie: staff.cookie }),
    ];
    for (const attempt of attempts) {
      const response = await attempt();
      expect(response.status).toBe(403);
      expect(await errorCode(response)).toBe('REAUTHENTICATION_REQUIRED');
    }
    const emailError = await changeEmail({
      database: t.database,
      actor: { userId: staff.userId, sessionId: staff.sessionId },
      email: `moved-${staff.userId}@clinic.test`,
      request: { requestId: 'test', ipAddress: null, userAgent: null },
    }).catch((error: unknown) => error);
    expect(isAppError(emailError) && emailError.code).toBe('REAUTHENTICATION_REQUIRED');

    // Nothing changed: same email, the old password still signs in.
    const [after] = await t.database.db.select().from(users).where(eq(users.id, staff.userId));
    expect(after?.email).toBe(before?.email);
    const signIn = await authRequest(auth, '/sign-in/email', { body: { email: staff.input.email, password: STRONG_PASSWORD } });
    expect(signIn.status).toBe(200);

    // better-auth's /change-email is disabled (email changes go through our endpoint).
    const bare = await authRequest(auth, '/change-email', { body: { newEmail: `x-${staff.userId}@clinic.test` }, cookie: staff.cookie });
    expect(bare.status).toBe(404);

    const result = await reauth(staff.cookie, { password: STRONG_PASSWORD });
    expect(result.method).toBe('password');
    const [session] = await t.database.db.select().from(sessions).where(eq(sessions.id, staff.sessionId));
    expect(session?.reauthenticatedAt).toBeInstanceOf(Date);
    expect(await auditActions(staff.userId)).toContain('auth.reauthenticated');

    const options = await authRequest(auth, '/passkey/generate-register-options', { method: 'GET', cookie: staff.cookie });
    expect(options.status).toBe(200);
    const changed = await authRequest(auth, '/change-password', {
      body: { currentPassword: STRONG_PASSWORD, newPassword: NEW_PASSWORD },
      cookie: staff.cookie,
    });
    expect(changed.status).toBe(200);
  });

  it('re-authentication lasts five minutes', async () => {
    const staff = await staffWithOldSession();
    await reauth(staff.cookie, { password: STRONG_PASSWORD });
    await t.database.db
      .update(sessions)
      .set({ reauthenticatedAt: new Date(Date.now() - 5 * 60_000 - 1_000) })
      .where(eq(sessions.id, staff.sessionId));
    const response = await authRequest(auth, '/passkey/generate-register-options', { method: 'GET', cookie: staff.cookie });
    expect(response.status).toBe(403);
  });

  it('a wrong password is refused, audited and counted: after ten the throttle answers 429, even with the right password', async () => {
    const staff = await staffWithOldSession();
    const wrong = await reauth(staff.cookie, { password: 'not my password at all' }).catch((error: unknown) => error);
    expect(isAppError(wrong) && wrong.code).toBe('VALIDATION_FAILED');
    const [session] = await t.database.db.select().from(sessions).where(eq(sessions.id, staff.sessionId));
    expect(session?.reauthenticatedAt).toBeNull();
    const failures = await queryRows<{ reason: string; practice_id: string | null }>(
      t.database.db,
      sql`select metadata->>'reason' as reason, practice_id from audit_log
          where action = 'auth.reauthentication.failed' and actor_user_id = ${staff.userId}::uuid`,
    );
    expect(failures).toEqual([{ reason: 'password', practice_id: null }]);

    for (let i = 1; i < 10; i += 1) {
      await reauth(staff.cookie, { password: `wrong ${i}` }).catch(() => undefined);
    }
    const blocked = await reauth(staff.cookie, { password: STRONG_PASSWORD }).catch((error: unknown) => error);
    expect(isAppError(blocked) && blocked.code).toBe('RATE_LIMITED');
    // The same lock applies to signing in from that address.
    const signIn = await authRequest(auth, '/sign-in/email', { body: { email: staff.input.email, password: STRONG_PASSWORD } });
    expect(signIn.status).toBe(429);
  });

  it('with TOTP a code is needed: a TOTP code works once (replay refused), a backup code works once', async () => {
    const start = Math.floor(Date.now() / PERIOD_MS) * PERIOD_MS + 10_000;
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(start);
    const owner = await signUpOwner(t.database, auth);
    const enrolled = await enrolTotp(auth, cookieHeader(owner.setCookies), STRONG_PASSWORD);
    const { sessionId, userId } = await sessionOf(auth, enrolled.cookie);
    await ageSession(t.database, sessionId, 10);
    const step = Math.floor(start / PERIOD_MS);

    const missing = await reauth(enrolled.cookie, { password: STRONG_PASSWORD }).catch((error: unknown) => error);
    expect(isAppError(missing) ? missing.fields?.map((field) => field.path) : null).toEqual(['code']);

    const code = await totpAt(enrolled.secret, step);
    expect((await reauth(enrolled.cookie, { password: STRONG_PASSWORD, code })).method).toBe('password+totp');
    const replay = await reauth(enrolled.cookie, { password: STRONG_PASSWORD, code }).catch((error: unknown) => error);
    expect(isAppError(replay) && replay.code).toBe('VALIDATION_FAILED');
    // The right password with a wrong code is refused too.
    const wrongCode = await reauth(enrolled.cookie, { password: STRONG_PASSWORD, code: 'aaaaa-bbbbb' }).catch((error: unknown) => error);
    expect(isAppError(wrongCode) && wrongCode.code).toBe('VALIDATION_FAILED');

    const backup = enrolled.backupCodes[0] ?? '';
    expect((await reauth(enrolled.cookie, { password: STRONG_PASSWORD, code: backup })).method).toBe('password+backup_code');
    const again = await reauth(enrolled.cookie, { password: STRONG_PASSWORD, code: backup }).catch((error: unknown) => error);
    expect(isAppError(again) && again.code).toBe('VALIDATION_FAILED');

    const reasons = await queryRows<{ reason: string }>(
      t.database.db,
      sql`select metadata->>'reason' as reason from audit_log
          where action = 'auth.reauthentication.failed' and actor_user_id = ${userId}::uuid order by seq`,
    );
    expect(reasons.map((row) => row.reason)).toEqual(['code', 'code', 'code']);
  });

  it('first-sign-in enrolment works, also from an older session (it checks the password itself); a second enrolment needs re-authentication', async () => {
    const owner = await signUpOwner(t.database, auth);
    const cookie = cookieHeader(owner.setCookies);
    const { sessionId } = await sessionOf(auth, cookie);
    await ageSession(t.database, sessionId, 10);
    const wrong = await authRequest(auth, '/two-factor/enable', { body: { password: 'not the password here' }, cookie });
    expect(wrong.status).toBe(400);
    const enrolled = await enrolTotp(auth, cookie, STRONG_PASSWORD);
    const actions = await auditActions(owner.result.userId);
    expect(actions).toContain('auth.two_factor.enabled');
    // The wrong password on enable counted as a failed re-authentication.
    expect(actions).toContain('auth.reauthentication.failed');

    const next = await sessionOf(auth, enrolled.cookie);
    await ageSession(t.database, next.sessionId, 10);
    const again = await authRequest(auth, '/two-factor/enable', { body: { password: STRONG_PASSWORD }, cookie: enrolled.cookie });
    expect(again.status).toBe(403);
    expect(await errorCode(again)).toBe('REAUTHENTICATION_REQUIRED');
  });

  it('a role that sees patient data cannot turn TOTP off, re-authenticated or not; an auditor (no patient data) can (audited), and regenerate backup codes', async () => {
    const start = Math.floor(Date.now() / PERIOD_MS) * PERIOD_MS + 10_000;
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(start);
    const step = Math.floor(start / PERIOD_MS);

    const provider = await staffWithOldSession('provider');
    const providerTotp = await enrolTotp(auth, provider.cookie, STRONG_PASSWORD);
    await reauth(providerTotp.cookie, { password: STRONG_PASSWORD, code: await totpAt(providerTotp.secret, step) });
    const refused = await authRequest(auth, '/two-factor/disable', { body: { password: STRONG_PASSWORD }, cookie: providerTotp.cookie });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/required for your role/) });
    const [stillOn] = await t.database.db.select().from(users).where(eq(users.id, provider.userId));
    expect(stillOn?.twoFactorEnabled).toBe(true);
    expect(await t.database.db.select().from(twoFactors).where(eq(twoFactors.userId, provider.userId))).toHaveLength(1);

    const auditor = await staffWithOldSession('auditor');
    const auditorTotp = await enrolTotp(auth, auditor.cookie, STRONG_PASSWORD);
    const auditorSession = await sessionOf(auth, auditorTotp.cookie);
    await ageSession(t.database, auditorSession.sessionId, 10);
    await reauth(auditorTotp.cookie, { password: STRONG_PASSWORD, code: await totpAt(auditorTotp.secret, step) });

    const regenerated = await authRequest(auth, '/two-factor/generate-backup-codes', {
      body: { password: STRONG_PASSWORD },
      cookie: auditorTotp.cookie,
    });
    expect(regenerated.status).toBe(200);
    const { backupCodes } = (await regenerated.json()) as { backupCodes: string[] };
    expect(backupCodes).toHaveLength(10);
    expect(backupCodes).not.toContain(auditorTotp.backupCodes[0]);

    // A wrong password here is a failed re-authentication too.
    const wrong = await authRequest(auth, '/two-factor/disable', { body: { password: 'a wrong password' }, cookie: auditorTotp.cookie });
    expect(wrong.status).toBe(400);
    const disabled = await authRequest(auth, '/two-factor/disable', { body: { password: STRONG_PASSWORD }, cookie: auditorTotp.cookie });
    expect(disabled.status).toBe(200);
    const [off] = await t.database.db.select().from(users).where(eq(users.id, auditor.userId));
    expect(off?.twoFactorEnabled).toBe(false);
    const actions = await auditActions(auditor.userId);
    expect(actions).toEqual(
      expect.arrayContaining(['auth.two_factor.enabled', 'auth.backup_codes.regenerated', 'auth.reauthentication.failed', 'auth.two_factor.disabled']),
    );
  });

  it('changing the email: refused while another account uses the address, then changed, audited, and the new address signs in', async () => {
    const other = await signUpOwner(t.database, auth);
    const staff = await staffWithOldSession();
    await reauth(staff.cookie, { password: STRONG_PASSWORD });
    const actor = { userId: staff.userId, sessionId: staff.sessionId };
    const request = { requestId: 'test', ipAddress: null, userAgent: null };

    const taken = await changeEmail({ database: t.database, actor, email: other.input.email, request }).catch((error: unknown) => error);
    expect(isAppError(taken) ? taken.fields?.map((field) => field.path) : null).toEqual(['email']);

    const email = `renamed-${staff.userId}@clinic.test`;
    expect(await changeEmail({ database: t.database, actor, email, request })).toEqual({ email });
    const audited = await queryRows<{ from: string; to: string; practice_id: string | null }>(
      t.database.db,
      sql`select metadata->>'from' as from, metadata->>'to' as to, practice_id from audit_log
          where action = 'auth.email.changed' and actor_user_id = ${staff.userId}::uuid`,
    );
    expect(audited).toEqual([{ from: staff.input.email, to: email, practice_id: null }]);
    expect((await authRequest(auth, '/sign-in/email', { body: { email, password: STRONG_PASSWORD } })).status).toBe(200);
    expect((await authRequest(auth, '/sign-in/email', { body: { email: staff.input.email, password: STRONG_PASSWORD } })).status).toBe(401);
  });
});
