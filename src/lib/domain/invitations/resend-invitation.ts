import 'server-only';
import { eq } from 'drizzle-orm';
import { AppError } from '@/lib/api/errors';
import { appendAudit } from '@/lib/audit/append-audit';
import { requirePracticePermission, type PracticeActor } from '@/lib/auth/authorize';
import { canManageRole } from '@/lib/auth/permissions';
import type { Database } from '@/lib/db/client';
import { users } from '@/lib/db/schema/auth';
import { practiceInvitations } from '@/lib/db/schema/invitations';
import { practices } from '@/lib/db/schema/practices';
import { withActor } from '@/lib/db/tx';
import { findInvitationForUpdateOrThrow, toInvitationListItem } from './find-invitation';
import { createInvitationToken } from './invitation-token';
import { INVITATION_VALID_DAYS, type TInvitationSent } from './schemas';
import { EMAIL_NOT_SENT_MESSAGE, sendInvitationEmail, type InvitationMail } from './send-invitation-email';

export type ResendInvitationOptions = {
  database: Database;
  actor: PracticeActor;
  practiceId: string;
  invitationId: string;
  mail: InvitationMail;
  request: { requestId: string; ipAddress: string | null };
};

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Sends an open invitation again with a new token and a new expiry (an expired one included: that
 * is the usual reason). The previous link stops working, since only the new token's hash is kept:
 * a forwarded or intercepted old email is worth nothing. The new email goes out after commit.
 */
export const resendInvitation = async ({
  database,
  actor,
  practiceId,
  invitationId,
  mail,
  request,
}: ResendInvitationOptions): Promise<TInvitationSent> => {
  const membership = requirePracticePermission(actor, practiceId, 'members.invite');
  const { token, tokenHash } = createInvitationToken();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + INVITATION_VALID_DAYS * DAY_MS);

  const updated = await withActor(database, { userId: actor.userId, practiceIds: [practiceId] }, async (tx) => {
    const invitation = await findInvitationForUpdateOrThrow({ tx, practiceId, invitationId });
    if (!canManageRole(membership.role, invitation.role)) {
      throw new AppError('FORBIDDEN', 'Only an owner can resend an invitation to the owner role.');
    }
    if (invitation.status !== 'pending') {
      throw new AppError('CONFLICT', 'This invitation was already accepted or revoked.');
    }
    const [row] = await tx
      .update(practiceInvitations)
      .set({ tokenHash, expiresAt })
      .where(eq(practiceInvitations.id, invitationId))
      .returning();
    await appendAudit(tx, {
      practiceId,
      actorUserId: actor.userId,
      action: 'invitation.resent',
      severity: 'info',
      targetType: 'invitation',
      targetId: invitationId,
      ipAddress: request.ipAddress,
      requestId: request.requestId,
      metadata: { role: invitation.role, expiresAt: expiresAt.toISOString() },
    });
    const [practice] = await tx
      .select({ name: practices.name, timeZone: practices.timeZone })
      .from(practices)
      .where(eq(practices.id, practiceId));
    const [inviter] = await tx.select({ name: users.name }).from(users).where(eq(users.id, invitation.invitedBy));
    return {
      invitation: row ?? { ...invitation, tokenHash, expiresAt },
      practiceName: practice?.name ?? '',
      timeZone: practice?.timeZone ?? 'UTC',
      invitedByName: inviter?.name ?? null,
    };
  });

  const emailSent = await sendInvitationEmail(mail, {
    to: updated.invitation.email,
    token,
    role: updated.invitation.role,
    expiresAt,
    practiceName: updated.practiceName,
    timeZone: updated.timeZone,
    // The original inviter, as the invitation page shows (the resend itself is in the audit log).
    inviterName: updated.invitedByName,
    invitationId,
    requestId: request.requestId,
  });
  return {
    invitation: toInvitationListItem(updated.invitation, updated.invitedByName, now),
    emailSent,
    ...(emailSent ? {} : { message: EMAIL_NOT_SENT_MESSAGE }),
  };
};
