import { like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/api/errors';
import { MemoryRateLimitStore } from '@/lib/api/rate-limit/memory-store';
import { PostgresRateLimitStore } from '@/lib/api/rate-limit/postgres-store';
import type { RateLimitStore } from '@/lib/api/rate-limit/store';
import {
  createSignInThrottle,
  emailKey,
  SIGN_IN_FAILURES_PER_ACCOUNT_AND_ADDRESS,
  SIGN_IN_FAILURES_PER_ADDRESS,
  SIGN_IN_WINDOW_MS,
  type SignInThrottle,
  type TSignInAttempt,
} from '@/lib/auth/sign-in-throttle';
import { rateLimitCounters } from '@/lib/db/schema/platform';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

/*
 * The sign-in throttle on the stores it runs on in production: the PostgreSQL store on this
 * worker's test database (PGlite, or PostgreSQL with TEST_DB_DRIVER=postgres), and the memory
 * store. Each case uses its own emails and addresses, so the cases never share counters.
 */

let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await createTestDatabase();
});

afterAll(async () => {
  await testDb.dispose();
});

let sequence = 0;
const unique = () => `${process.pid}-${Date.now()}-${++sequence}`;
const anEmail = () => `member-${unique()}@clinic.example`;
const anAddress = () => `198.51.${sequence % 256}.${(++sequence % 254) + 1}`;

const refusal = async (promise: Promise<unknown>): Promise<AppError> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected the attempt to be refused');
};

/** One sign-in that fails, as the sign-in handler does it: check first, then count the failure. */
const failOnce = async (throttle: SignInThrottle, attempt: TSignInAttempt) => {
  await throttle.assertSignInAllowed(attempt);
  return throttle.recordSignInFailure(attempt);
};

const stores: [string, () => RateLimitStore][] = [
  ['PostgreSQL store', () => new PostgresRateLimitStore({ database: () => testDb.database })],
  ['memory store', () => new MemoryRateLimitStore()],
];

describe.each(stores)('sign-in throttle on the %s', (_name, makeStore) => {
  it('allows 10 failures, refuses the 11th attempt with a Retry-After', async () => {
    const throttle = createSignInThrottle({ store: makeStore() });
    const attempt = { email: anEmail(), address: anAddress() };
    for (let i = 1; i <= SIGN_IN_FAILURES_PER_ACCOUNT_AND_ADDRESS; i++) {
      expect((await failOnce(throttle, attempt)).locked, `failure ${i}`).toBe(i === SIGN_IN_FAILURES_PER_ACCOUNT_AND_ADDRESS);
    }
    const error = await refusal(throttle.assertSignInAllowed(attempt));
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.status).toBe(429);
    expect(error.retryAfterSeconds).toBeGreaterThan(SIGN_IN_WINDOW_MS / 1000 - 30);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(SIGN_IN_WINDOW_MS / 1000);
    // Still refused on the next try, and the email typed differently is the same account.
    await expect(throttle.assertSignInAllowed({ ...attempt, email: ` ${attempt.email.toUpperCase()} ` })).rejects.toThrow(AppError);
  });

  it('does not lock the account out from another address', async () => {
    const throttle = createSignInThrottle({ store: makeStore() });
    const email = anEmail();
    const attacker = { email, address: anAddress() };
    for (let i = 0; i < SIGN_IN_FAILURES_PER_ACCOUNT_AND_ADDRESS; i++) {
      await failOnce(throttle, attacker);
    }
    await expect(throttle.assertSignInAllowed(attacker)).rejects.toThrow(AppError);
    await expect(throttle.assertSignInAllowed({ email, address: anAddress() })).resolves.toBeUndefined();
  });

  it('lets another account sign in from the same address', async () => {
    const throttle = createSignInThrottle({ store: makeStore() });
    const address = anAddress();
    for (let i = 0; i < SIGN_IN_FAILURES_PER_ACCOUNT_AND_ADDRESS; i++) {
      await failOnce(throttle, { email: 'target@clinic.example', address });
    }
    await expect(throttle.assertSignInAllowed({ email: 'target@clinic.example', address })).rejects.toThrow(AppError);
    await expect(throttle.assertSignInAllowed({ email: anEmail(), address })).resolves.toBeUndefined();
  });

  it('stops one address spraying many accounts at the per-address limit', async () => {
    const throttle = createSignInThrottle({ store: makeStore() });
    const address = anAddress();
    // Five tries each on twenty accounts: under the per-account limit everywhere.
    for (let i = 0; i < SIGN_IN_FAILURES_PER_ADDRESS; i++) {
      await failOnce(throttle, { email: `sprayed-${Math.floor(i / 5)}-${address}@clinic.example`, address });
    }
    const error = await refusal(throttle.assertSignInAllowed({ email: anEmail(), address }));
    expect(error.code).toBe('RATE_LIMITED');
    await expect(throttle.assertSignInAllowed({ email: anEmail(), address: anAddress() })).resolves.toBeUndefined();
  });
});

describe('sign-in throttle counters in PostgreSQL', () => {
  it('hold the email only as a SHA-256 hash', async () => {
    const throttle = createSignInThrottle({ store: new PostgresRateLimitStore({ database: () => testDb.database }) });
    const email = anEmail();
    await failOnce(throttle, { email, address: anAddress() });
    const rows = await testDb.database.db.select().from(rateLimitCounters).where(like(rateLimitCounters.key, 'signin:%'));
    expect(rows.some((row) => row.key.includes(emailKey(email)))).toBe(true);
    expect(rows.some((row) => row.key.includes('@'))).toBe(false);
  });
});
