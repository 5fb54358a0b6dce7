import 'server-only';
import { AppError } from '@/lib/api/errors';
import type { Database } from '@/lib/db/client';
import { INVALID_INVITATION_MESSAGE, type TInvitationPreview } from './schemas';
import { invitationState } from './invitation-state';
import { unsafeLookupInvitationByToken } from './unsafe-lookup-invitation';

export type FindInvitationByTokenOptions = {
  database: Database;
  token: string;
  /** Who is signed in in the browser asking, if anyone. */
  viewer: { email: string } | null;
};

/**
 * The public preview of an invitation link: practice, role, invited email, inviter, whether an
 * account exists for that email and whether the signed-in person (if any) is the invitee. The
 * token is the capability (see unsafe-lookup-invitation.ts); an unknown token is NOT_FOUND with
 * the one invalid-link message, and an expired, accepted or revoked one answers its state only.
 * Revealing whether the invited address has an account is deliberate: only the link's holder
 * learns it, about the address the link was sent to, and the page needs it to offer sign-in or
 * account creation.
 */
export const findInvitationByToken = async ({ database, token, viewer }: FindInvitationByTokenOptions): Promise<TInvitationPreview> => {
  const found = await unsafeLookupInvitationByToken(database, token);
  if (found === null) {
    throw new AppError('NOT_FOUND', INVALID_INVITATION_MESSAGE);
  }
  const state = invitationState(found.invitation, new Date());
  if (state !== 'pending') {
    return { state };
  }
  return {
    state,
    practiceName: found.practiceName,
    role: found.invitation.role,
    email: found.invitation.email,
    inviterName: found.inviterName,
    expiresAt: found.invitation.expiresAt.toISOString(),
    accountExists: found.accountExists,
    viewer: viewer === null ? 'signed-out' : viewer.email.toLowerCase() === found.invitation.email ? 'invitee' : 'other-user',
  };
};
