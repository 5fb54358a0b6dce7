import 'server-only';
import { and, eq } from 'drizzle-orm';
import { AppError } from '@/lib/api/errors';
import { appendAudit } from '@/lib/audit/append-audit';
import { requirePracticePermission, type PracticeActor } from '@/lib/auth/authorize';
import { canManageRole } from '@/lib/auth/permissions';
import type { Database } from '@/lib/db/client';
import { sessions } from '@/lib/db/schema/auth';
import { practiceMembers } from '@/lib/db/schema/members';
import { withActor } from '@/lib/db/tx';
import { assertNotLastOwner, assertNotSelf, findMemberForUpdateOrThrow } from './find-member';

export type DeactivateMemberOptions = {
  database: Database;
  actor: PracticeActor;
  practiceId: string;
  userId: string;
  request: { requestId: string; ipAddress: string | null };
};

/**
 * Deactivates a member and ends every session of theirs at once, in the same transaction: a
 * member who leaves is signed out everywhere now, not when a session happens to expire (they may
 * sign in again for other practices they belong to). The last active owner cannot be deactivated.
 */
export const deactivateMember = async ({ database, actor, practiceId, userId, request }: DeactivateMemberOptions) => {
  const membership = requirePracticePermission(actor, practiceId, 'members.deactivate');
  assertNotSelf(actor.userId, userId);
  return withActor(database, { userId: actor.userId, practiceIds: [practiceId] }, async (tx) => {
    const member = await findMemberForUpdateOrThrow({ tx, practiceId, userId });
    if (!canManageRole(membership.role, member.role)) {
      throw new AppError('FORBIDDEN', 'Only an owner can deactivate an owner.');
    }
    if (member.status === 'deactivated') {
      return { userId, status: member.status };
    }
    if (member.role === 'owner') {
      await assertNotLastOwner({ tx, practiceId });
    }
    await tx
      .update(practiceMembers)
      .set({ status: 'deactivated', deactivatedAt: new Date() })
      .where(and(eq(practiceMembers.practiceId, practiceId), eq(practiceMembers.userId, userId)));
    // The app role may delete sessions (and only that): drizzle/0005_identity_rls.sql.
    const ended = await tx.delete(sessions).where(eq(sessions.userId, userId)).returning({ id: sessions.id });
    await appendAudit(tx, {
      practiceId,
      actorUserId: actor.userId,
      action: 'member.deactivated',
      severity: 'notice',
      targetType: 'user',
      targetId: userId,
      ipAddress: request.ipAddress,
      requestId: request.requestId,
      metadata: { role: member.role, sessionsEnded: ended.length },
    });
    return { userId, status: 'deactivated' as const };
  });
};
