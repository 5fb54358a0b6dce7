import 'server-only';
import { and, eq } from 'drizzle-orm';
import { AppError } from '@/lib/api/errors';
import { appendAudit } from '@/lib/audit/append-audit';
import { requirePracticePermission, type PracticeActor } from '@/lib/auth/authorize';
import { canManageRole, type TRole } from '@/lib/auth/permissions';
import type { Database } from '@/lib/db/client';
import { practiceMembers } from '@/lib/db/schema/members';
import { withActor } from '@/lib/db/tx';
import { assertNotLastOwner, assertNotSelf, findMemberForUpdateOrThrow } from './find-member';

export type ChangeMemberRoleOptions = {
  database: Database;
  actor: PracticeActor;
  practiceId: string;
  userId: string;
  role: TRole;
  request: { requestId: string; ipAddress: string | null };
};

/**
 * Gives a member another role. Owners alone grant or take away the owner role; a practice always
 * keeps an active owner. Recorded in the audit log with the old and new role.
 */
export const changeMemberRole = async ({ database, actor, practiceId, userId, role, request }: ChangeMemberRoleOptions) => {
  const membership = requirePracticePermission(actor, practiceId, 'members.role.write');
  assertNotSelf(actor.userId, userId);
  return withActor(database, { userId: actor.userId, practiceIds: [practiceId] }, async (tx) => {
    const member = await findMemberForUpdateOrThrow({ tx, practiceId, userId });
    if (!canManageRole(membership.role, member.role) || !canManageRole(membership.role, role)) {
      throw new AppError('FORBIDDEN', 'Only an owner can give or take away the owner role.');
    }
    if (member.role === role) {
      return { userId, role };
    }
    if (member.role === 'owner') {
      await assertNotLastOwner({ tx, practiceId });
    }
    await tx
      .update(practiceMembers)
      .set({ role })
      .where(and(eq(practiceMembers.practiceId, practiceId), eq(practiceMembers.userId, userId)));
    await appendAudit(tx, {
      practiceId,
      actorUserId: actor.userId,
      action: 'member.role_changed',
      severity: 'notice',
      targetType: 'user',
      targetId: userId,
      ipAddress: request.ipAddress,
      requestId: request.requestId,
      metadata: { from: member.role, to: role },
    });
    return { userId, role };
  });
};
