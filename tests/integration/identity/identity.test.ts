import { and, eq, sql } from 'drizzle-orm';
import { generate } from 'otplib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { isAppError } from '@/lib/api/errors';
import { createSessionResolver } from '@/lib/api/session';
import { SESSION_COOKIE_NAME, type Auth } from '@/lib/auth/auth';
import { queryRows } from '@/lib/db/client';
import { accounts, users } from '@/lib/db/schema/auth';
import { practiceMembers } from '@/lib/db/schema/members';
import { practices } from '@/lib/db/schema/practices';
import { ZSignUp } from '@/lib/domain/identity/schemas';
import { signUp } from '@/lib/domain/identity/sign-up';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { APP_URL, authRequest, cookieHeader, createTestAuth, signUpOwner, STRONG_PASSWORD } from './helpers';

const PERIOD_MS = 30_000;

describe('identity: sign-up, sign-in, sessions, TOTP', () => {
  let t: TestDatabase;
  let auth: Auth;

  beforeAll(async () => {
    t = await createTestDatabase();
    auth = createTestAuth(t.database);
  });

  afterAll(async () => {
    await t.dispose();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  const signIn = (email: string, password: string) => authRequest(auth, '/sign-in/email', { body: { email, password } });

  it('sign-up creates the user, the practice and an active owner membership, and a session', async () => {
    const { result, setCookies, input } = await signUpOwner(t.database, auth);

    const [user] = await t.database.db.select().from(users).where(eq(users.id, result.userId));
    expect(user).toMatchObject({ email: input.email, name: input.name, twoFactorEnabled: false });
    const [practice] = await t.database.db.select().from(practices).where(eq(practices.id, result.practiceId));
    expect(practice).toMatchObject({ name: input.practiceName, slug: result.practiceSlug, timeZone: 'America/Chicago' });
    expect(result.practiceSlug).toMatch(/^lakeside-clinic-[0-9a-f]{8}$/);
    const members = await t.database.db
      .select()
      .from(practiceMembers)
      .where(eq(practiceMembers.practiceId, result.practiceId));
    expect(members).toHaveLength(1);
    expect(members[0]).toMatchObject({ userId: result.userId, role: 'owner', status: 'active', deactivatedAt: null });
    expect(setCookies.some((cookie) => cookie.startsWith(`${SESSION_COOKIE_NAME}=`))).toBe(true);

    const audit = await queryRows<{ action: string }>(
      t.database.db,
      sql`select action from audit_log where practice_id = ${result.practiceId} order by seq`,
    );
    expect(audit.map((row) => row.action)).toEqual(['auth.signed_up', 'practice.created']);
  });

  it('a second practice with the same name gets a different slug', async () => {
    const first = await signUpOwner(t.database, auth);
    const second = await signUp({
      database: t.database,
      auth,
      input: { ...first.input, email: `other-${first.result.userId}@clinic.test` },
      headers: new Headers(),
    });
    expect(second.result.practiceSlug).not.toBe(first.result.practiceSlug);
    expect(second.result.practiceSlug.startsWith(first.result.practiceSlug)).toBe(true);
  });

  it('stores the password as argon2id with at least 19 MiB and 2 passes', async () => {
    const { result } = await signUpOwner(t.database, auth);
    const [account] = await t.database.db
      .select({ password: accounts.password, providerId: accounts.providerId })
      .from(accounts)
      .where(eq(accounts.userId, result.userId));
    expect(account?.providerId).toBe('credential');
    const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(account?.password ?? '');
    expect(match, account?.password ?? '').not.toBeNull();
    expect(Number(match?.[1])).toBeGreaterThanOrEqual(19_456);
    expect(Number(match?.[2])).toBeGreaterThanOrEqual(2);
  });

  it('refuses a weak password with a field error on password, and creates nothing', async () => {
    const email = `weak-${Date.now()}@clinic.test`;
    const input = { name: 'Weak Owner', email, password: 'password1234', practiceName: 'Weak Clinic', practiceTimeZone: 'UTC' };
    const error = await signUp({ database: t.database, auth, input, headers: new Headers() }).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('VALIDATION_FAILED');
    expect(isAppError(error) ? error.fields?.map((field) => field.path) : []).toEqual(['password']);
    expect(await t.database.db.select().from(users).where(eq(users.email, email))).toEqual([]);

    // The shared schema (forms and the route) refuses it too, also when built from the practice's name.
    const parsed = await ZSignUp.safeParseAsync(input);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['password']);
    const contextual = await ZSignUp.safeParseAsync({ ...input, practiceName: 'Quasimodo Orthopaedics', password: 'quasimodoorthopaedics!' });
    expect(contextual.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['password']);
  });

  it('refuses an email that is already registered, on the email field', async () => {
    const first = await signUpOwner(t.database, auth);
    const error = await signUpOwner(t.database, auth, { email: first.input.email }).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('VALIDATION_FAILED');
    expect(isAppError(error) ? error.fields?.map((field) => field.path) : []).toEqual(['email']);
  });

  it('answers a wrong password and an unknown email identically', async () => {
    const { input } = await signUpOwner(t.database, auth);
    const wrong = await signIn(input.email, 'not the right password at all');
    const unknown = await signIn(`nobody-${Date.now()}@clinic.test`, 'not the right password at all');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(wrong.status);
    const wrongBody: unknown = await wrong.json();
    expect(await unknown.json()).toEqual(wrongBody);
    expect(wrongBody).toMatchObject({ message: 'Email or password is incorrect.' });
    expect(wrong.headers.getSetCookie()).toEqual([]);

    // Both failures are audited in the installation chain, with the typed email as the label.
    const failures = await queryRows<{ actor_label: string; practice_id: string | null }>(
      t.database.db,
      sql`select actor_label, practice_id from audit_log where action = 'auth.sign_in.failed' and actor_label = ${input.email}`,
    );
    expect(failures).toEqual([{ actor_label: input.email, practice_id: null }]);
  });

  it('sets a __Host- session cookie: Secure, HttpOnly, SameSite=Lax, Path=/, no Domain', async () => {
    const { input, result } = await signUpOwner(t.database, auth);
    const response = await signIn(input.email, input.password);
    expect(response.status).toBe(200);
    const audited = await queryRows<{ method: string }>(
      t.database.db,
      sql`select metadata->>'method' as method from audit_log where action = 'auth.signed_in' and actor_user_id = ${result.userId}::uuid`,
    );
    expect(audited).toEqual([{ method: 'password' }]);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE_NAME}=`));
    expect(SESSION_COOKIE_NAME.startsWith('__Host-')).toBe(true);
    expect(cookie).toBeDefined();
    const attributes = (cookie ?? '').split(';').map((part) => part.trim().toLowerCase());
    expect(attributes).toEqual(expect.arrayContaining(['secure', 'httponly', 'samesite=lax', 'path=/']));
    expect(attributes.some((attribute) => attribute.startsWith('domain='))).toBe(false);
    // Absolute lifetime of 12 hours.
    expect(attributes).toContain(`max-age=${12 * 60 * 60}`);
    // Every other auth cookie carries the prefix too.
    for (const other of response.headers.getSetCookie()) {
      expect(other.startsWith('__Host-')).toBe(true);
    }
  });

  it('resolveSession returns the user, session and active memberships', async () => {
    const { result, setCookies } = await signUpOwner(t.database, auth);
    const resolve = createSessionResolver({ auth: () => Promise.resolve(auth), database: () => Promise.resolve(t.database) });
    const session = await resolve(new Request(`${APP_URL}/api/v1/anything`, { headers: { cookie: cookieHeader(setCookies) } }));
    expect(session).toMatchObject({
      userId: result.userId,
      practiceIds: [result.practiceId],
      memberships: [{ practiceId: result.practiceId, role: 'owner' }],
      twoFactorEnabled: false,
    });
    expect(session?.sessionId).toMatch(/^[0-9a-f-]{36}$/);

    // A deactivated membership no longer puts the practice in scope.
    await t.database.db
      .update(practiceMembers)
      .set({ status: 'deactivated', deactivatedAt: new Date() })
      .where(and(eq(practiceMembers.userId, result.userId), eq(practiceMembers.practiceId, result.practiceId)));
    const after = await resolve(new Request(`${APP_URL}/`, { headers: { cookie: cookieHeader(setCookies) } }));
    expect(after?.practiceIds).toEqual([]);

    expect(await resolve(new Request(`${APP_URL}/`))).toBeNull();
    expect(await resolve(new Request(`${APP_URL}/`, { headers: { cookie: `${SESSION_COOKIE_NAME}=forged.value` } }))).toBeNull();
  });

  it('TOTP: enrolment, sign-in requires the second factor, and a used code cannot be replayed', async () => {
    // Time is fixed so the codes' time steps are known; only Date is faked.
    const start = Math.floor(Date.now() / PERIOD_MS) * PERIOD_MS + 10_000;
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(start);
    const { input, setCookies } = await signUpOwner(t.database, auth);
    let cookie = cookieHeader(setCookies);

    const enabled = await authRequest(auth, '/two-factor/enable', { body: { password: input.password }, cookie });
    expect(enabled.status).toBe(200);
    const { totpURI, backupCodes } = (await enabled.json()) as { totpURI: string; backupCodes: string[] };
    expect(backupCodes.length).toBeGreaterThanOrEqual(10);
    const uri = new URL(totpURI);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('issuer')).toBe('OpenPractice');
    const secret = uri.searchParams.get('secret') ?? '';
    const codeAt = (step: number) => generate({ secret, epoch: step * 30 });
    const step = Math.floor(start / PERIOD_MS);
    cookie = cookieHeader(enabled.headers.getSetCookie(), cookie);

    // Confirm the enrolment with the previous step's code (still within the window).
    const confirmed = await authRequest(auth, '/two-factor/verify-totp', { body: { code: await codeAt(step - 1) }, cookie });
    expect(confirmed.status).toBe(200);
    const [user] = await t.database.db.select().from(users).where(eq(users.email, input.email));
    expect(user?.twoFactorEnabled).toBe(true);

    // Password alone no longer signs in: no session cookie, a pending two-factor challenge.
    const first = await signIn(input.email, input.password);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ twoFactorRedirect: true, twoFactorMethods: ['totp'] });
    expect(first.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE_NAME}=`) && !/max-age=0/i.test(c))).toBe(false);
    const challenge = cookieHeader(first.headers.getSetCookie());

    // A wrong code is refused; the current code completes the sign-in.
    const wrong = await authRequest(auth, '/two-factor/verify-totp', { body: { code: '000000' === (await codeAt(step)) ? '111111' : '000000' }, cookie: challenge });
    expect(wrong.status).toBe(401);
    const code = await codeAt(step);
    const verified = await authRequest(auth, '/two-factor/verify-totp', { body: { code }, cookie: challenge });
    expect(verified.status).toBe(200);
    expect(verified.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE_NAME}=`))).toBe(true);
    const resolve = createSessionResolver({ auth: () => Promise.resolve(auth), database: () => Promise.resolve(t.database) });
    const session = await resolve(new Request(APP_URL, { headers: { cookie: cookieHeader(verified.headers.getSetCookie()) } }));
    expect(session?.twoFactorEnabled).toBe(true);

    // The same code again, on a fresh challenge, is a replay: refused although still in its window.
    const second = await signIn(input.email, input.password);
    const secondChallenge = cookieHeader(second.headers.getSetCookie());
    const replay = await authRequest(auth, '/two-factor/verify-totp', { body: { code }, cookie: secondChallenge });
    expect(replay.status).toBe(401);
    expect(replay.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE_NAME}=`))).toBe(false);
    // So is an older step's code.
    const older = await authRequest(auth, '/two-factor/verify-totp', { body: { code: await codeAt(step - 1) }, cookie: secondChallenge });
    expect(older.status).toBe(401);
    // The next step's code is new, and passes.
    vi.setSystemTime(start + PERIOD_MS);
    const next = await authRequest(auth, '/two-factor/verify-totp', { body: { code: await codeAt(step + 1) }, cookie: secondChallenge });
    expect(next.status).toBe(200);

    // A backup code works once.
    const third = await signIn(input.email, input.password);
    const thirdChallenge = cookieHeader(third.headers.getSetCookie());
    const backup = await authRequest(auth, '/two-factor/verify-backup-code', { body: { code: backupCodes[0] }, cookie: thirdChallenge });
    expect(backup.status).toBe(200);

    // Completed sign-ins are audited; the enrolment confirmation and pending challenges are not.
    const signIns = await queryRows<{ method: string }>(
      t.database.db,
      sql`select metadata->>'method' as method from audit_log
          where action = 'auth.signed_in' and actor_user_id = ${user?.id ?? ''}::uuid order by seq`,
    );
    expect(signIns.map((row) => row.method)).toEqual(['password+totp', 'password+totp', 'password+backup_code']);
  });

  it('the bare better-auth sign-up endpoint is disabled (sign-up goes through /api/v1/signup)', async () => {
    const response = await authRequest(auth, '/sign-up/email', {
      body: { name: 'X', email: `bare-${Date.now()}@clinic.test`, password: STRONG_PASSWORD },
    });
    expect(response.status).toBe(404);
  });
});
