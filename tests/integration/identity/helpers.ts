import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { generate } from 'otplib';
import { createAuth, type Auth } from '@/lib/auth/auth';
import type { Database } from '@/lib/db/client';
import { sessions } from '@/lib/db/schema/auth';
import { signUp } from '@/lib/domain/identity/sign-up';

export const APP_URL = 'http://localhost:3000';

export const TEST_AUTH_SECRET = 'test-secret-that-is-long-enough-0123456789';

/** A better-auth instance on a test database, with a fixed test secret. */
export const createTestAuth = (database: Database): Auth => createAuth(database, { appUrl: APP_URL, secret: TEST_AUTH_SECRET });

const unique = (): string => randomBytes(4).toString('hex');

/** A password the policy accepts (random words, not built from the other fields). */
export const STRONG_PASSWORD = 'correct horse battery staple 42';

/** Signs up a new practice and owner through the domain function, with unique defaults. */
export const signUpOwner = async (database: Database, auth: Auth, overrides: { email?: string; password?: string } = {}) => {
  const suffix = unique();
  const input = {
    name: `Dana Owner ${suffix}`,
    email: overrides.email ?? `owner-${suffix}@clinic.test`,
    password: overrides.password ?? STRONG_PASSWORD,
    practiceName: `Lakeside Clinic ${suffix}`,
    practiceTimeZone: 'America/Chicago',
  };
  const outcome = await signUp({ database, auth, input, headers: new Headers({ 'user-agent': 'vitest' }) });
  return { ...outcome, input };
};

/** `name=value` pairs of Set-Cookie headers, for a Cookie header (later cookies win). */
export const cookieHeader = (setCookies: readonly string[], previous = ''): string => {
  const jar = new Map<string, string>();
  for (const pair of previous.split(';').map((part) => part.trim()).filter((part) => part !== '')) {
    const index = pair.indexOf('=');
    jar.set(pair.slice(0, index), pair.slice(index + 1));
  }
  for (const cookie of setCookies) {
    const [pair = ''] = cookie.split(';');
    const index = pair.indexOf('=');
    const name = pair.slice(0, index).trim();
    const value = pair.slice(index + 1);
    // An expired (deleted) cookie leaves the jar.
    if (value === '' || /max-age=0/i.test(cookie)) {
      jar.delete(name);
    } else {
      jar.set(name, value);
    }
  }
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
};

/** Calls better-auth's HTTP handler like a same-origin browser would. */
export const authRequest = async (
  auth: Auth,
  path: string,
  { body, cookie, method = 'POST' }: { body?: unknown; cookie?: string; method?: string } = {},
): Promise<Response> =>
  auth.handler(
    new Request(`${APP_URL}/api/auth${path}`, {
      method,
      headers: {
        origin: APP_URL,
        'x-forwarded-for': '203.0.113.7',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(cookie ? { cookie } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );

/** Headers of a same-origin browser request carrying `cookie` (for domain calls that take headers). */
export const browserHeaders = (cookie: string): Headers =>
  new Headers({ origin: APP_URL, 'x-forwarded-for': '203.0.113.7', 'user-agent': 'vitest', cookie });

/** The session (id and user) behind a Cookie header, through better-auth. */
export const sessionOf = async (auth: Auth, cookie: string) => {
  const found = await auth.api.getSession({ headers: browserHeaders(cookie) });
  if (!found) {
    throw new Error('sessionOf: no session for this cookie');
  }
  return { sessionId: found.session.id, userId: found.user.id };
};

/**
 * Moves a session's sign-in (and any re-authentication) `minutes` into the past, so it no longer
 * counts as recently authenticated. Owner connection, like better-auth's own session writes.
 */
export const ageSession = async (database: Database, sessionId: string, minutes: number): Promise<void> => {
  const past = new Date(Date.now() - minutes * 60_000);
  await database.db.update(sessions).set({ createdAt: past, reauthenticatedAt: null }).where(eq(sessions.id, sessionId));
};

/**
 * Enrols the signed-in user in TOTP through better-auth (enable, then confirm with the code of the
 * previous 30 s step, leaving the current and later steps unused). Returns the raw secret for
 * computing codes, the backup codes and the cookie after better-auth replaced the session.
 */
export const enrolTotp = async (auth: Auth, cookie: string, password: string) => {
  const enabled = await authRequest(auth, '/two-factor/enable', { body: { password }, cookie });
  if (enabled.status !== 200) {
    throw new Error(`enrolTotp: enable answered ${enabled.status}`);
  }
  const { totpURI, backupCodes } = (await enabled.json()) as { totpURI: string; backupCodes: string[] };
  const secret = new URL(totpURI).searchParams.get('secret') ?? '';
  let jar = cookieHeader(enabled.headers.getSetCookie(), cookie);
  const step = Math.floor(Date.now() / 30_000);
  const confirmed = await authRequest(auth, '/two-factor/verify-totp', { body: { code: await totpAt(secret, step - 1) }, cookie: jar });
  if (confirmed.status !== 200) {
    throw new Error(`enrolTotp: verify-totp answered ${confirmed.status}`);
  }
  jar = cookieHeader(confirmed.headers.getSetCookie(), jar);
  return { secret, backupCodes, cookie: jar };
};

/** The TOTP code of a base32 `secret` (as in the otpauth URI) for a 30 s time step. */
export const totpAt = (secret: string, step: number): Promise<string> => generate({ secret, epoch: step * 30 });
