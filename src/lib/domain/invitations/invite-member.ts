import 'server-only';
import { and, eq } from 'drizzle-orm';
import { AppError } from '@/lib/api/errors';
import { appendAudit } from '@/lib/audit/append-audit';
import { requirePracticePermission, type PracticeActor } from '@/lib/auth/authorize';
import { canManageRole } from '@/lib/auth/permissions';
import type { Database } from '@/lib/db/client';
import { users } from '@/lib/db/schema/auth';
import { practiceInvitations } from '@/lib/db/schema/invitations';
import { practiceMembers } from '@/lib/db/schema/members';
import { practices } from '@/lib/db/schema/practices';
import { withActor } from '@/lib/db/tx';
import { toInvitationListItem } from './find-invitation';
import { createInvitationToken } from './invitation-token';
import { INVITATION_VALID_DAYS, type TInvitationSent, type TInviteMember } from './schemas';
import { EMAIL_NOT_SENT_MESSAGE, sendInvitationEmail, type InvitationMail } from './send-invitation-email';

export type InviteMemberOptions = {
  database: Database;
  actor: PracticeActor;
  practiceId: string;
  input: TInviteMember;
  mail: InvitationMail;
  request: { requestId: string; ipAddress: string | null };
};

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Invites a person by email to join the practice with a role (`members.invite`; only owners
 * invite owners). An open invitation to the same address is revoked and replaced, so there is one
 * pending invitation per person and practice and only the newest link works. An address that
 * belongs to an active member is refused (CONFLICT); a deactivated member may be invited back.
 *
 * The invitation and its audit entries commit first; the email is sent afterwards. If sending
 * fails the invitation stays (`emailSent: false`) and can be resent.
 */
export const inviteMember = async ({ database, actor, practiceId, input, mail, request }: InviteMemberOptions): Promise<TInvitationSent> => {
  const membership = requirePracticePermission(actor, practiceId, 'members.invite');
  if (!canManageRole(membership.role, input.role)) {
    throw new AppError('FORBIDDEN', 'Only an owner can invite someone as owner.');
  }
  const { token, tokenHash } = createInvitationToken();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + INVITATION_VALID_DAYS * DAY_MS);

  const created = await withActor(database, { userId: actor.userId, practiceIds: [practiceId] }, async (tx) => {
    const [existing] = await tx
      .select({ userId: practiceMembers.userId })
      .from(practiceMembers)
      .innerJoin(users, eq(users.id, practiceMembers.userId))
      .where(and(eq(practiceMembers.practiceId, practiceId), eq(users.email, input.email), eq(practiceMembers.status, 'active')));
    if (existing !== undefined) {
      throw new AppError('CONFLICT', 'This person is already an active member of the practice.', {
        fields: [{ path: 'email', message: 'already an active member of this practice' }],
      });
    }
    const common = { practiceId, actorUserId: actor.userId, ipAddress: request.ipAddress, requestId: request.requestId } as const;

    // Replace an open invitation to the same address: its link stops working at once.
    const replaced = await tx
      .update(practiceInvitations)
      .set({ status: 'revoked', revokedAt: now })
      .where(
        and(
          eq(practiceInvitations.practiceId, practiceId),
          eq(practiceInvitations.email, input.email),
          eq(practiceInvitations.status, 'pending'),
        ),
      )
      .returning({ id: practiceInvitations.id, role: practiceInvitations.role });
    for (const old of replaced) {
      await appendAudit(tx, {
        ...common,
        action: 'invitation.revoked',
        severity: 'notice',
        targetType: 'invitation',
        targetId: old.id,
        metadata: { role: old.role, reason: 'replaced' },
      });
    }

    // Two invitations to one address racing each other: the partial unique index lets one in; the
    // other inserts nothing and is told to look again, instead of failing with a database error.
    const [invitation] = await tx
      .insert(practiceInvitations)
      .values({ practiceId, email: input.email, role: input.role, tokenHash, invitedBy: actor.userId, expiresAt })
      .onConflictDoNothing()
      .returning();
    if (invitation === undefined) {
      throw new AppError('CONFLICT', 'This person was just invited by someone else. Reload the list to see the invitation.');
    }
    // The audit log identifies the invitee by the invitation's id, as member.* entries identify
    // people by user id: entries are kept forever and cannot be redacted, and a mistyped address
    // of someone who never joins should not be (decision 0008). The row keeps the address.
    await appendAudit(tx, {
      ...common,
      action: 'member.invited',
      severity: 'notice',
      targetType: 'invitation',
      targetId: invitation.id,
      metadata: { role: input.role, expiresAt: expiresAt.toISOString(), replaced: replaced.map((old) => old.id) },
    });
    const [practice] = await tx
      .select({ name: practices.name, timeZone: practices.timeZone })
      .from(practices)
      .where(eq(practices.id, practiceId));
    const [inviter] = await tx.select({ name: users.name }).from(users).where(eq(users.id, actor.userId));
    return { invitation, practiceName: practice?.name ?? '', timeZone: practice?.timeZone ?? 'UTC', inviterName: inviter?.name ?? null };
  });

  const emailSent = await sendInvitationEmail(mail, {
    to: created.invitation.email,
    token,
    role: created.invitation.role,
    expiresAt,
    practiceName: created.practiceName,
    timeZone: created.timeZone,
    inviterName: created.inviterName,
    invitationId: created.invitation.id,
    requestId: request.requestId,
  });
  return {
    invitation: toInvitationListItem(created.invitation, created.inviterName, now),
    emailSent,
    ...(emailSent ? {} : { message: EMAIL_NOT_SENT_MESSAGE }),
  };
};
