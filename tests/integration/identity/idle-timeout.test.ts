import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessionResolver } from '@/lib/api/session';
import type { Auth } from '@/lib/auth/auth';
import { auditLog } from '@/lib/db/schema/audit';
import { sessions } from '@/lib/db/schema/auth';
import { practices } from '@/lib/db/schema/practices';
import { signOutEverywhere } from '@/lib/domain/identity/sign-out-everywhere';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { APP_URL, cookieHeader, createTestAuth, signUpOwner } from './helpers';

// Automatic logoff (issue #4): the server revokes a session idle past the practice's timeout
// (default 15 minutes), whatever the browser does.
describe('idle timeout', () => {
  let t: TestDatabase;
  let auth: Auth;
  beforeAll(async () => {
    t = await createTestDatabase();
    auth = createTestAuth(t.database);
  });
  afterAll(async () => {
    await t.dispose();
  });

  const signedIn = async () => {
    const { result, setCookies } = await signUpOwner(t.database, auth);
    const resolve = createSessionResolver({ auth: () => Promise.resolve(auth), database: () => Promise.resolve(t.database) });
    const request = () => new Request(`${APP_URL}/api/v1/anything`, { headers: { cookie: cookieHeader(setCookies) } });
    const session = await resolve(request());
    if (session === null) {
      throw new Error('not signed in');
    }
    const idleFor = (minutes: number) =>
      t.database.db
        .update(sessions)
        .set({ lastActiveAt: new Date(Date.now() - minutes * 60_000) })
        .where(eq(sessions.id, session.sessionId));
    return { result, session, resolve: () => resolve(request()), idleFor };
  };

  it('keeps a session active within the timeout, and records the activity', async () => {
    const { session, resolve, idleFor } = await signedIn();
    expect(session.idleTimeoutMinutes).toBe(15);
    await idleFor(10);
    expect((await resolve())?.sessionId).toBe(session.sessionId);
    const [row] = await t.database.db.select().from(sessions).where(eq(sessions.id, session.sessionId));
    expect(Date.now() - (row?.lastActiveAt.getTime() ?? 0)).toBeLessThan(60_000);
  });

  it('revokes a session idle past the default 15 minutes, and audits it', async () => {
    const { session, resolve, idleFor } = await signedIn();
    await idleFor(16);
    expect(await resolve()).toBeNull();
    expect(await t.database.db.select().from(sessions).where(eq(sessions.id, session.sessionId))).toEqual([]);
    const entries = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'session.idle_timeout'), eq(auditLog.targetId, session.sessionId)));
    expect(entries).toHaveLength(1);
    // Once revoked, the cookie stays useless even when it looks fresh again.
    expect(await resolve()).toBeNull();
  });

  it("follows the practice's setting", async () => {
    const { result, resolve, idleFor } = await signedIn();
    await t.database.db.update(practices).set({ settings: { idleTimeoutMinutes: 5 } }).where(eq(practices.id, result.practiceId));
    expect((await resolve())?.idleTimeoutMinutes).toBe(5);
    await idleFor(6);
    expect(await resolve()).toBeNull();
  });
});

describe('sign out everywhere', () => {
  it('ends every session of the user and records it', async () => {
    const t = await createTestDatabase();
    try {
      const auth = createTestAuth(t.database);
      const { result, setCookies } = await signUpOwner(t.database, auth);
      const resolve = createSessionResolver({ auth: () => Promise.resolve(auth), database: () => Promise.resolve(t.database) });
      const request = () => new Request(`${APP_URL}/`, { headers: { cookie: cookieHeader(setCookies) } });
      expect(await resolve(request())).not.toBeNull();
      const { sessionsEnded } = await signOutEverywhere({
        database: t.database,
        actor: { userId: result.userId },
        request: { requestId: 'r', ipAddress: null },
      });
      expect(sessionsEnded).toBe(1);
      expect(await resolve(request())).toBeNull();
      const entries = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'session.revoked_all'));
      expect(entries).toHaveLength(1);
    } finally {
      await t.dispose();
    }
  });
});
