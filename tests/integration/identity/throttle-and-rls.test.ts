import { eq, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryRateLimitStore } from '@/lib/api/rate-limit/memory-store';
import { createAuth, type Auth } from '@/lib/auth/auth';
import { createSignInThrottle } from '@/lib/auth/sign-in-throttle';
import { practiceMembers } from '@/lib/db/schema/members';
import { withActor } from '@/lib/db/tx';
import { seedPractice } from '../../factories/practices';
import { rejectionReason } from '../db/helpers';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { APP_URL, authRequest, signUpOwner } from './helpers';

describe('sign-in throttle through better-auth, and practice_members row-level security', () => {
  let t: TestDatabase;
  let auth: Auth;

  beforeAll(async () => {
    t = await createTestDatabase();
    auth = createAuth(t.database, {
      appUrl: APP_URL,
      secret: 'test-secret-that-is-long-enough-0123456789',
      signInThrottle: createSignInThrottle({ store: new MemoryRateLimitStore() }),
    });
  });

  afterAll(async () => {
    await t.dispose();
  });

  it('ten failures on one account from one address block it there (429 with Retry-After), even with the right password', async () => {
    const { input } = await signUpOwner(t.database, auth);
    for (let i = 0; i < 10; i += 1) {
      const response = await authRequest(auth, '/sign-in/email', { body: { email: input.email, password: `wrong password ${i}` } });
      expect(response.status).toBe(401);
    }
    const blocked = await authRequest(auth, '/sign-in/email', { body: { email: input.email, password: input.password } });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(blocked.headers.getSetCookie()).toEqual([]);

    // From another address the real user still signs in.
    const elsewhere = await auth.handler(
      new Request(`${APP_URL}/api/auth/sign-in/email`, {
        method: 'POST',
        headers: { origin: APP_URL, 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.20' },
        body: JSON.stringify({ email: input.email, password: input.password }),
      }),
    );
    expect(elsewhere.status).toBe(200);
  });

  it('a user reads their own memberships without a practice in scope, but not other members', async () => {
    const a = await signUpOwner(t.database, auth);
    const b = await signUpOwner(t.database, auth);
    const own = await withActor(t.database, { userId: a.result.userId, practiceIds: [] }, (tx) =>
      tx.select().from(practiceMembers),
    );
    expect(own.map((row) => row.userId)).toEqual([a.result.userId]);

    // In scope of practice A, B's membership (practice B) stays invisible.
    const inA = await withActor(t.database, { userId: a.result.userId, practiceIds: [a.result.practiceId] }, (tx) =>
      tx.select().from(practiceMembers).where(eq(practiceMembers.userId, b.result.userId)),
    );
    expect(inA).toEqual([]);
  });

  it('memberships can only be written in the practices in scope', async () => {
    const a = await signUpOwner(t.database, auth);
    const other = await seedPractice(t.database);
    const reason = await rejectionReason(
      withActor(t.database, { userId: a.result.userId, practiceIds: [a.result.practiceId] }, (tx) =>
        tx.insert(practiceMembers).values({ id: uuidv7(), practiceId: other.id, userId: a.result.userId, role: 'owner' }),
      ),
    );
    expect(reason).toMatch(/row-level security/);

    // Not even the user's own row in another practice can be changed from outside its scope.
    const b = await signUpOwner(t.database, auth);
    const updated = await withActor(t.database, { userId: b.result.userId, practiceIds: [a.result.practiceId] }, (tx) =>
      tx
        .update(practiceMembers)
        .set({ role: 'auditor' })
        .where(eq(practiceMembers.userId, b.result.userId))
        .returning(),
    );
    expect(updated).toEqual([]);
  });

  it('the app role cannot read credentials (accounts, two_factors, verifications)', async () => {
    const a = await signUpOwner(t.database, auth);
    for (const table of ['accounts', 'two_factors', 'verifications']) {
      const reason = await rejectionReason(
        withActor(t.database, { userId: a.result.userId, practiceIds: [a.result.practiceId] }, (tx) =>
          tx.execute(sql.raw(`select * from ${table}`)),
        ),
      );
      expect(reason).toMatch(/permission denied/);
    }
  });
});
