import 'server-only';
import { APIError } from 'better-auth/api';
import { and, eq } from 'drizzle-orm';
import { AppError, type TApiFieldError } from '@/lib/api/errors';
import { appendAudit } from '@/lib/audit/append-audit';
import type { Auth } from '@/lib/auth/auth';
import { checkPassword } from '@/lib/auth/password-policy';
import type { TRole } from '@/lib/auth/permissions';
import type { Database } from '@/lib/db/client';
import { users } from '@/lib/db/schema/auth';
import { practiceInvitations } from '@/lib/db/schema/invitations';
import { practiceMembers } from '@/lib/db/schema/members';
import { withActor } from '@/lib/db/tx';
import { INVALID_INVITATION_MESSAGE, type TAcceptInvitation } from './schemas';
import { invitationState } from './invitation-state';
import { unsafeLookupInvitationByToken, type InvitationLookup } from './unsafe-lookup-invitation';

export type AcceptInvitationOptions = {
  database: Database;
  auth: Auth;
  input: TAcceptInvitation;
  /** The signed-in user of the request, if any. */
  viewer: { userId: string; email: string } | null;
  /** The request's headers: better-auth records the address and user agent on a new session. */
  headers: Headers;
  request: { requestId: string; ipAddress: string | null };
};

export type AcceptInvitationOutcome = {
  result: { practiceId: string; userId: string; role: TRole; accountCreated: boolean };
  /** `Set-Cookie` headers of a new account's session, for the HTTP answer. */
  setCookies: string[];
};

export const WRONG_ACCOUNT_MESSAGE =
  'This invitation was sent to another email address. Sign out, then open the link again to accept it with that address.';
export const SIGN_IN_FIRST_MESSAGE = 'An account with this email address already exists. Sign in to accept the invitation.';

const invalid = () => new AppError('NOT_FOUND', INVALID_INVITATION_MESSAGE);

/**
 * Adds the user to the practice with the invitation's role and marks the invitation accepted, with
 * the audit entry, in one transaction scoped to the user and the invitation's practice (the token
 * put the practice in reach, as sign-up does for a new practice).
 *
 * Races: the invitation row is re-read `FOR UPDATE` with `status = 'pending'` and the token's hash,
 * so of two accepts one waits for the other and then finds nothing (a resend in between also voids
 * the old token). `unique (practice_id, user_id)` backs it: never two memberships.
 *
 * A deactivated membership of the same practice is reactivated with the invited role: inviting
 * someone back is the deliberate way to undo a deactivation (by someone allowed to grant that
 * role, after the deactivation), and one row per person and practice keeps their history in one
 * place. An active member is told so and the invitation stays open (CONFLICT).
 */
const joinPractice = async (
  { database, headers, request }: Pick<AcceptInvitationOptions, 'database' | 'headers' | 'request'>,
  found: InvitationLookup,
  userId: string,
  accountCreated: boolean,
) => {
  const { invitation } = found;
  const practiceId = invitation.practiceId;
  return withActor(database, { userId, practiceIds: [practiceId] }, async (tx) => {
    const [current] = await tx
      .select()
      .from(practiceInvitations)
      .where(
        and(
          eq(practiceInvitations.id, invitation.id),
          eq(practiceInvitations.status, 'pending'),
          eq(practiceInvitations.tokenHash, found.tokenHash),
        ),
      )
      .for('update');
    const now = new Date();
    if (current === undefined || invitationState(current, now) !== 'pending') {
      throw invalid();
    }
    const [member] = await tx
      .select()
      .from(practiceMembers)
      .where(and(eq(practiceMembers.practiceId, practiceId), eq(practiceMembers.userId, userId)))
      .for('update');
    if (member?.status === 'active') {
      throw new AppError('CONFLICT', 'You are already a member of this practice.');
    }
    if (member !== undefined) {
      await tx
        .update(practiceMembers)
        .set({ role: current.role, status: 'active', deactivatedAt: null, invitedBy: current.invitedBy })
        .where(eq(practiceMembers.id, member.id));
    } else {
      const [inserted] = await tx
        .insert(practiceMembers)
        .values({ practiceId, userId, role: current.role, status: 'active', invitedBy: current.invitedBy })
        .onConflictDoNothing()
        .returning({ id: practiceMembers.id });
      if (inserted === undefined) {
        throw new AppError('CONFLICT', 'You are already a member of this practice.');
      }
    }
    await tx
      .update(practiceInvitations)
      .set({ status: 'accepted', acceptedAt: now, acceptedBy: userId })
      .where(eq(practiceInvitations.id, current.id));
    const common = {
      practiceId,
      actorUserId: userId,
      ipAddress: request.ipAddress,
      userAgent: headers.get('user-agent'),
      requestId: request.requestId,
    } as const;
    if (accountCreated) {
      await appendAudit(tx, { ...common, action: 'auth.signed_up', severity: 'notice', targetType: 'user', targetId: userId, metadata: { via: 'invitation' } });
    }
    await appendAudit(tx, {
      ...common,
      action: 'member.joined',
      severity: 'notice',
      targetType: 'user',
      targetId: userId,
      metadata: { role: current.role, invitationId: current.id, invitedBy: current.invitedBy, reactivated: member !== undefined },
    });
    return { practiceId, userId, role: current.role, accountCreated };
  });
};

const fieldErrors = (fields: TApiFieldError[]) => new AppError('VALIDATION_FAILED', undefined, { fields });

/**
 * Accepts an invitation link (issue #4 §4):
 * - signed in with the invited email: joins the practice;
 * - signed in with another email: FORBIDDEN, nothing changes (the link is not transferable);
 * - signed out, no account for the email: creates the account through better-auth (name and a
 *   password that passes the policy, with the practice's name and the email as context), marks
 *   the email verified (the link proves control of the inbox), signs in and joins; if joining
 *   fails the new account is removed again, as sign-up does;
 * - signed out with an existing account: UNAUTHENTICATED, sign in first;
 * - an unknown, expired, revoked or used token: NOT_FOUND with one message for all.
 */
export const acceptInvitation = async (options: AcceptInvitationOptions): Promise<AcceptInvitationOutcome> => {
  const { database, auth, input, viewer, headers } = options;
  const found = await unsafeLookupInvitationByToken(database, input.token);
  if (found === null || invitationState(found.invitation, new Date()) !== 'pending') {
    throw invalid();
  }
  const email = found.invitation.email;

  if (viewer !== null) {
    if (viewer.email.trim().toLowerCase() !== email) {
      throw new AppError('FORBIDDEN', WRONG_ACCOUNT_MESSAGE);
    }
    const result = await joinPractice(options, found, viewer.userId, false);
    // Owner connection: users is an identity table the app role may not write (0005_identity_rls).
    await database.db.update(users).set({ emailVerified: true }).where(eq(users.id, viewer.userId));
    return { result, setCookies: [] };
  }

  if (found.accountExists) {
    throw new AppError('UNAUTHENTICATED', SIGN_IN_FIRST_MESSAGE);
  }
  const { name, password } = input;
  if (name === undefined || password === undefined || password === '') {
    throw fieldErrors([
      ...(name === undefined ? [{ path: 'name', message: 'required' }] : []),
      ...(password === undefined || password === '' ? [{ path: 'password', message: 'required' }] : []),
    ]);
  }
  const verdict = await checkPassword(password, { email, practiceName: found.practiceName, name });
  if (!verdict.ok) {
    throw fieldErrors([{ path: 'password', message: verdict.message }]);
  }

  let created;
  try {
    created = await auth.api.signUpEmail({
      body: { name, email, password },
      headers,
      returnHeaders: true,
    });
  } catch (error) {
    if (error instanceof APIError && error.statusCode === 422) {
      // Someone created the account in between (e.g. a second accept of the same link).
      throw new AppError('UNAUTHENTICATED', SIGN_IN_FIRST_MESSAGE);
    }
    throw error;
  }
  const userId = created.response.user.id;
  try {
    await database.db.update(users).set({ emailVerified: true }).where(eq(users.id, userId));
    const result = await joinPractice(options, found, userId, true);
    return { result, setCookies: created.headers.getSetCookie() };
  } catch (error) {
    // Owner connection: deleting the user cascades to its sessions and credential account.
    await database.db.delete(users).where(eq(users.id, userId));
    throw error;
  }
};
