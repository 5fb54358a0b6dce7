import 'server-only';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { appendAudit } from '@/lib/audit/append-audit';
import type { PracticeActor } from '@/lib/auth/authorize';
import type { Database } from '@/lib/db/client';
import { calendarFeedTokens } from '@/lib/db/schema/reminders';
import { withActor } from '@/lib/db/tx';
import { lockManagedProvider } from './lock-managed-provider';

export type RevokeCalendarFeedOptions = {
  database: Database;
  actor: PracticeActor;
  practiceId: string;
  providerId: string;
  request: { requestId: string; ipAddress: string | null; userAgent: string | null };
};

/**
 * Ends a provider's calendar feed: its address answers 404 from now on. Audited
 * (`calendar_feed.revoked`) when there was one; revoking none is not an error (the caller's goal —
 * no live feed — holds). Who may: see lockManagedProvider.
 */
export const revokeCalendarFeed = async ({ database, actor, practiceId, providerId, request }: RevokeCalendarFeedOptions): Promise<{ revoked: boolean }> =>
  withActor(database, { userId: actor.userId, practiceIds: [practiceId] }, async (tx) => {
    const provider = await lockManagedProvider(tx, actor, practiceId, providerId);
    const revoked = await tx
      .update(calendarFeedTokens)
      .set({ revokedAt: sql`now()`, revokedBy: actor.userId })
      .where(and(eq(calendarFeedTokens.practiceId, practiceId), eq(calendarFeedTokens.providerId, provider.id), isNull(calendarFeedTokens.revokedAt)))
      .returning({ id: calendarFeedTokens.id });
    if (revoked.length > 0) {
      await appendAudit(tx, {
        practiceId,
        action: 'calendar_feed.revoked',
        severity: 'notice',
        actorUserId: actor.userId,
        targetType: 'provider',
        targetId: provider.id,
        ipAddress: request.ipAddress,
        userAgent: request.userAgent,
        requestId: request.requestId,
        metadata: { revokedFeedIds: revoked.map((r) => r.id) },
      });
    }
    return { revoked: revoked.length > 0 };
  });
