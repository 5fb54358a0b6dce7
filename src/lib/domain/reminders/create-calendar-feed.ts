import 'server-only';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { appendAudit } from '@/lib/audit/append-audit';
import type { PracticeActor } from '@/lib/auth/authorize';
import type { Database } from '@/lib/db/client';
import { calendarFeedTokens } from '@/lib/db/schema/reminders';
import { withActor } from '@/lib/db/tx';
import { calendarFeedUrls } from './calendar-feed-url';
import { createLinkToken } from './link-token';
import { lockManagedProvider } from './lock-managed-provider';
import type { TCalendarFeedCreated } from './schemas';

export type CreateCalendarFeedOptions = {
  database: Database;
  actor: PracticeActor;
  practiceId: string;
  providerId: string;
  /** `config.appUrl`: the feed address must be the one calendar apps can reach. */
  appUrl: string;
  request: { requestId: string; ipAddress: string | null; userAgent: string | null };
};

/**
 * Creates a provider's calendar feed address, replacing (revoking) the one they had: the answer is
 * the only time the address is shown, since only the token's hash is kept. Audited
 * (`calendar_feed.created`, with the revoked feed ids) in the same transaction. Who may: see
 * lockManagedProvider.
 */
export const createCalendarFeed = async ({ database, actor, practiceId, providerId, appUrl, request }: CreateCalendarFeedOptions): Promise<TCalendarFeedCreated> =>
  withActor(database, { userId: actor.userId, practiceIds: [practiceId] }, async (tx) => {
    const provider = await lockManagedProvider(tx, actor, practiceId, providerId);
    const replaced = await tx
      .update(calendarFeedTokens)
      .set({ revokedAt: sql`now()`, revokedBy: actor.userId })
      .where(and(eq(calendarFeedTokens.practiceId, practiceId), eq(calendarFeedTokens.providerId, provider.id), isNull(calendarFeedTokens.revokedAt)))
      .returning({ id: calendarFeedTokens.id });
    const { token, tokenHash } = createLinkToken();
    const [row] = await tx
      .insert(calendarFeedTokens)
      .values({ id: uuidv7(), practiceId, providerId: provider.id, tokenHash, createdBy: actor.userId })
      .returning({ id: calendarFeedTokens.id, createdAt: calendarFeedTokens.createdAt });
    if (row === undefined) {
      throw new Error('createCalendarFeed: insert returned no row');
    }
    await appendAudit(tx, {
      practiceId,
      action: 'calendar_feed.created',
      severity: 'notice',
      actorUserId: actor.userId,
      targetType: 'provider',
      targetId: provider.id,
      ipAddress: request.ipAddress,
      userAgent: request.userAgent,
      requestId: request.requestId,
      metadata: { feedId: row.id, revokedFeedIds: replaced.map((r) => r.id) },
    });
    return { ...calendarFeedUrls(appUrl, token), createdAt: row.createdAt.toISOString() };
  });
