import { randomBytes } from 'node:crypto';
import { createAuth, type Auth } from '@/lib/auth/auth';
import type { Database } from '@/lib/db/client';
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
