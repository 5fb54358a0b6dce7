import type { PracticeInvitation } from '@/lib/db/schema/invitations';

export type InvitationState = 'pending' | 'expired' | 'accepted' | 'revoked';

/** Where an invitation stands at `now`: expiry is a time, not a stored status. */
export const invitationState = (invitation: Pick<PracticeInvitation, 'status' | 'expiresAt'>, now: Date): InvitationState => {
  switch (invitation.status) {
    case 'pending':
      return invitation.expiresAt.getTime() > now.getTime() ? 'pending' : 'expired';
    case 'accepted':
      return 'accepted';
    case 'revoked':
      return 'revoked';
  }
};

