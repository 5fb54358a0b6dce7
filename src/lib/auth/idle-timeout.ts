import 'server-only';
import { eq, inArray } from 'drizzle-orm';
import { appendAudit } from '@/lib/audit/append-audit';
import type { Database } from '@/lib/db/client';
import { sessions } from '@/lib/db/schema/auth';
import { practices } from '@/lib/db/schema/practices';
import { withActor } from '@/lib/db/tx';
import { DEFAULT_IDLE_TIMEOUT_MINUTES, idleTimeoutMinutesOf } from '@/lib/domain/practices/schemas';

/** Activity is written at most this often per session: a request every second need not write. */
export const ACTIVITY_WRITE_INTERVAL_MS = 30_000;

/**
 * The idle timeout for a user: the strictest (shortest) of their practices' settings, because one
 * session reaches all of them. No practice yet (just signed up): the default.
 */
export const idleTimeoutMinutesFor = async (
  database: Database,
  actor: { userId: string; practiceIds: readonly string[] },
): Promise<number> => {
  if (actor.practiceIds.length === 0) {
    return DEFAULT_IDLE_TIMEOUT_MINUTES;
  }
  const rows = await withActor(database, actor, (tx) =>
    tx.select({ settings: practices.settings }).from(practices).where(inArray(practices.id, [...actor.practiceIds])),
  );
  return rows.length === 0 ? DEFAULT_IDLE_TIMEOUT_MINUTES : Math.min(...rows.map((row) => idleTimeoutMinutesOf(row.settings)));
};

/**
 * Enforces the idle timeout on the server (the browser's warning is a courtesy, not the control):
 * a session idle for longer than `idleTimeoutMinutes` is deleted — revoked everywhere at once —
 * and 'expired' is returned; otherwise its activity time is brought up to date.
 *
 * Sessions are better-auth's identity table, written on the owner connection as better-auth does
 * (the app role may only list and delete them; drizzle/0005_identity_rls.sql).
 */
export const checkSessionActivity = async ({
  database,
  userId,
  sessionId,
  idleTimeoutMinutes,
  now = new Date(),
  touch = true,
}: {
  database: Database;
  userId: string;
  sessionId: string;
  idleTimeoutMinutes: number;
  now?: Date;
  /**
   * Whether this request is the person's activity. Background requests (sync pushes, pulls, the
   * event stream) pass false: they are checked against the timeout but must not extend it, or an
   * open tab would keep an unattended session alive for ever.
   */
  touch?: boolean;
}): Promise<'active' | 'expired'> => {
  const [row] = await database.db
    .select({ lastActiveAt: sessions.lastActiveAt })
    .from(sessions)
    .where(eq(sessions.id, sessionId));
  if (row === undefined) {
    return 'expired';
  }
  const idleMs = now.getTime() - row.lastActiveAt.getTime();
  if (idleMs > idleTimeoutMinutes * 60_000) {
    await database.db.delete(sessions).where(eq(sessions.id, sessionId));
    await withActor(database, { userId, practiceIds: [] }, (tx) =>
      appendAudit(tx, {
        practiceId: null,
        actorUserId: userId,
        action: 'session.idle_timeout',
        severity: 'info',
        targetType: 'session',
        targetId: sessionId,
        metadata: { idleTimeoutMinutes },
      }),
    );
    return 'expired';
  }
  if (touch && idleMs > ACTIVITY_WRITE_INTERVAL_MS) {
    await database.db.update(sessions).set({ lastActiveAt: now }).where(eq(sessions.id, sessionId));
  }
  return 'active';
};
