import { eq } from 'drizzle-orm';
import { vi } from 'vitest';
import type { ApiRouteHandler } from '@/lib/api/route';
import { getAuth } from '@/lib/auth/auth';
import type { TRole } from '@/lib/auth/permissions';
import { resetConfigForTests } from '@/lib/config/env';
import type { Database } from '@/lib/db/client';
import { setProcessDatabaseSlot } from '@/lib/db/process-singleton';
import { users } from '@/lib/db/schema/auth';
import type { Practice } from '@/lib/db/schema/practices';
import { seedMember } from '../../factories/identity';
import { APP_URL, cookieHeader, signUpOwner } from '../identity/helpers';

/*
 * These tests call the real route handlers (src/app/api/**), which open the process's database and
 * better-auth instance. Pointing the process database slot at the test database makes them run
 * against it (getAuth() then builds its instance on it too), with real sessions and cookies.
 */

export { APP_URL };

const authSlot = globalThis as typeof globalThis & { __openpracticeAuth?: unknown };

/** Routes the process's database (and so its better-auth instance) to `database`; logs silenced. */
export const useTestDatabaseForRoutes = (database: Database): void => {
  vi.stubEnv('LOG_LEVEL', 'silent');
  resetConfigForTests();
  setProcessDatabaseSlot(Promise.resolve(database));
  authSlot.__openpracticeAuth = undefined;
};

/** Undoes {@link useTestDatabaseForRoutes}; call before disposing of the database. */
export const releaseRoutes = (): void => {
  setProcessDatabaseSlot(undefined);
  authSlot.__openpracticeAuth = undefined;
  vi.unstubAllEnvs();
  resetConfigForTests();
};

/**
 * A signed-in person with a real session cookie: a new owner of a practice of their own (sign-up
 * makes one), and a member of each given practice with the given role.
 */
export const signedInMember = async (database: Database, memberships: readonly { practice: Practice; role: TRole }[] = []) => {
  const { result, setCookies } = await signUpOwner(database, await getAuth());
  const [user] = await database.db.select().from(users).where(eq(users.id, result.userId));
  if (user === undefined) {
    throw new Error('signedInMember: user not found');
  }
  for (const { practice, role } of memberships) {
    await seedMember(database, { practice, user, role });
  }
  return { userId: result.userId, ownPracticeId: result.practiceId, cookie: cookieHeader(setCookies) };
};

/** Calls a route handler like a same-origin browser would. */
export const callRoute = (
  handler: ApiRouteHandler,
  { method, path, cookie, body, params = {} }: { method: string; path: string; cookie?: string; body?: unknown; params?: Record<string, string> },
): Promise<Response> =>
  handler(
    new Request(`${APP_URL}${path}`, {
      method,
      headers: {
        origin: APP_URL,
        ...(cookie === undefined ? {} : { cookie }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
    { params: Promise.resolve(params) },
  );
