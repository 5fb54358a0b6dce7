import 'server-only';
import { eq } from 'drizzle-orm';
import { appendAudit } from '@/lib/audit/append-audit';
import type { Database } from '@/lib/db/client';
import { sessions } from '@/lib/db/schema/auth';
import { withActor } from '@/lib/db/tx';

/**
 * Ends every session of the signed-in user, on every device, this one included (a lost tablet, a
 * shared front-desk PC left signed in). Recorded in the installation's audit chain.
 */
export const signOutEverywhere = async ({
  database,
  actor,
  request,
}: {
  database: Database;
  actor: { userId: string };
  request: { requestId: string; ipAddress: string | null };
}): Promise<{ sessionsEnded: number }> =>
  withActor(database, { userId: actor.userId, practiceIds: [] }, async (tx) => {
    const ended = await tx.delete(sessions).where(eq(sessions.userId, actor.userId)).returning({ id: sessions.id });
    await appendAudit(tx, {
      practiceId: null,
      actorUserId: actor.userId,
      action: 'session.revoked_all',
      severity: 'notice',
      targetType: 'user',
      targetId: actor.userId,
      ipAddress: request.ipAddress,
      requestId: request.requestId,
      metadata: { sessionsEnded: ended.length },
    });
    return { sessionsEnded: ended.length };
  });
