import 'server-only';
import { and, eq } from 'drizzle-orm';
import { AppError } from '@/lib/api/errors';
import type { Tx } from '@/lib/db/client';
import { practiceInvitations, type PracticeInvitation } from '@/lib/db/schema/invitations';
import type { TInvitationListItem } from './schemas';

/** The invitation row of `practiceId`, locked for the rest of the transaction; NOT_FOUND when there is none. */
export const findInvitationForUpdateOrThrow = async ({
  tx,
  practiceId,
  invitationId,
}: {
  tx: Tx;
  practiceId: string;
  invitationId: string;
}): Promise<PracticeInvitation> => {
  const [invitation] = await tx
    .select()
    .from(practiceInvitations)
    .where(and(eq(practiceInvitations.practiceId, practiceId), eq(practiceInvitations.id, invitationId)))
    .for('update');
  if (invitation === undefined) {
    throw new AppError('NOT_FOUND');
  }
  return invitation;
};

/** An invitation as the Team page lists it; `now` decides whether it has expired. */
export const toInvitationListItem = (
  invitation: Pick<PracticeInvitation, 'id' | 'email' | 'role' | 'createdAt' | 'expiresAt'>,
  invitedByName: string | null,
  now: Date,
): TInvitationListItem => ({
  id: invitation.id,
  email: invitation.email,
  role: invitation.role,
  invitedByName,
  createdAt: invitation.createdAt.toISOString(),
  expiresAt: invitation.expiresAt.toISOString(),
  expired: invitation.expiresAt.getTime() <= now.getTime(),
});
