import 'server-only';
import { and, eq } from 'drizzle-orm';
import { getAuth, SESSION_COOKIE_NAME, type Auth } from '@/lib/auth/auth';
import { checkSessionActivity, idleTimeoutMinutesFor } from '@/lib/auth/idle-timeout';
import type { TRole } from '@/lib/auth/permissions';
import { getDatabase, type Database } from '@/lib/db/client';
import { practiceMembers } from '@/lib/db/schema/members';
import { withActor } from '@/lib/db/tx';

/** One active membership: a practice the user belongs to and their role there. */
export type ApiMembership = { practiceId: string; role: TRole };

/** Who is calling, as the route wrapper hands it to handlers. */
export type ApiSession = {
  userId: string;
  sessionId: string;
  /** Practices the user is an active member of: the scope of every query (CONVENTIONS §3). */
  practiceIds: string[];
  /** The same practices with the user's role in each (the permission matrix takes the role). */
  memberships: ApiMembership[];
  /** Whether the user has a confirmed TOTP enrolment. */
  twoFactorEnabled: boolean;
  /** For display (the user menu); staff data, not patient data. */
  user: { name: string; email: string };
  /** Automatic logoff after this much inactivity (the strictest of the user's practices). */
  idleTimeoutMinutes: number;
};

export type ResolveSessionOptions = {
  /** A background request (sync): enforce the idle timeout without counting as activity. */
  passive?: boolean;
};

export type SessionResolverDeps = {
  auth: () => Promise<Auth>;
  database: () => Promise<Database>;
};

/**
 * Builds a session resolver over the given better-auth instance and database (tests pass their
 * own). The session comes from better-auth (cookie → sessions row, expiry checked there); the
 * memberships are read through `withActor` as the user with no practice in scope, which the
 * practice_members policy allows for the user's own rows only (drizzle/0005_identity_rls.sql).
 */
export const createSessionResolver =
  ({ auth, database }: SessionResolverDeps) =>
  async (request: Request, { passive = false }: ResolveSessionOptions = {}): Promise<ApiSession | null> => {
    // Without a session cookie there is nothing to look up: anonymous requests (health probes,
    // sign-up) never open the auth instance or touch the database here.
    if (!(request.headers.get('cookie') ?? '').includes(`${SESSION_COOKIE_NAME}=`)) {
      return null;
    }
    const found = await (await auth()).api.getSession({ headers: request.headers });
    if (!found) {
      return null;
    }
    const userId = found.user.id;
    const db = await database();
    const rows = await withActor(db, { userId, practiceIds: [] }, (tx) =>
      tx
        .select({ practiceId: practiceMembers.practiceId, role: practiceMembers.role })
        .from(practiceMembers)
        .where(and(eq(practiceMembers.userId, userId), eq(practiceMembers.status, 'active'))),
    );
    const practiceIds = rows.map((row) => row.practiceId);
    const idleTimeoutMinutes = await idleTimeoutMinutesFor(db, { userId, practiceIds });
    // The server enforces automatic logoff: an idle session is revoked here, whatever the browser does.
    if ((await checkSessionActivity({ database: db, userId, sessionId: found.session.id, idleTimeoutMinutes, touch: !passive })) === 'expired') {
      return null;
    }
    return {
      userId,
      sessionId: found.session.id,
      practiceIds,
      memberships: rows,
      idleTimeoutMinutes,
      twoFactorEnabled: found.user.twoFactorEnabled === true,
      user: { name: found.user.name, email: found.user.email },
    };
  };

/**
 * Looks up the session of a request (the `__Host-openpractice.session_token` cookie). Returns null
 * when there is none or it is invalid or expired; never throws for a bad credential.
 */
export const resolveSession = createSessionResolver({ auth: getAuth, database: getDatabase });
