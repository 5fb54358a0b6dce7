import 'server-only';
import { eq } from 'drizzle-orm';
import { AppError } from '@/lib/api/errors';
import { appendAudit } from '@/lib/audit/append-audit';
import { requirePracticePermission, type PracticeActor } from '@/lib/auth/authorize';
import { canManageRole } from '@/lib/auth/permissions';
import type { Database } from '@/lib/db/client';
import { practiceInvitations } from '@/lib/db/schema/invitations';
import { withActor } from '@/lib/db/tx';
import { findInvitationForUpdateOrThrow } from './find-invitation';

export type RevokeInvitationOptions = {
  database: Database;
  actor: PracticeActor;
  practiceId: string;
  invitationId: string;
  request: { requestId: string; ipAddress: string | null };
};

/**
 * Revokes an open invitation: its link stops working at once. The row is kept (revoked) as part of
 * the practice's history. Only owners revoke an invitation to the owner role, as only they issue
 * one. An invitation that was already accepted or revoked cannot be revoked (CONFLICT).
 */
export const revokeInvitation = async ({ database, actor, practiceId, invitationId, request }: RevokeInvitationOptions) => {
  const membership = requirePracticePermission(actor, practiceId, 'members.invite');
  return withActor(database, { userId: actor.userId, practiceIds: [practiceId] }, async (tx) => {
    const invitation = await findInvitationForUpdateOrThrow({ tx, practiceId, invitationId });
    if (!canManageRole(membership.role, invitation.role)) {
      throw new AppError('FORBIDDEN', 'Only an owner can revoke an invitation to the owner role.');
    }
    if (invitation.status !== 'pending') {
      throw new AppError('CONFLICT', 'This invitation was already accepted or revoked.');
    }
    await tx.update(practiceInvitations).set({ status: 'revoked', revokedAt: new Date() }).where(eq(practiceInvitations.id, invitationId));
    await appendAudit(tx, {
      practiceId,
      actorUserId: actor.userId,
      action: 'invitation.revoked',
      severity: 'notice',
      targetType: 'invitation',
      targetId: invitationId,
      ipAddress: request.ipAddress,
      requestId: request.requestId,
      metadata: { role: invitation.role, reason: 'revoked' },
    });
    return { invitationId, status: 'revoked' as const };
  });
};
