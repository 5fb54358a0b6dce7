import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/api/errors';
import { createSessionResolver } from '@/lib/api/session';
import { SESSION_COOKIE_NAME, type Auth } from '@/lib/auth/auth';
import type { Database } from '@/lib/db/client';
import { users } from '@/lib/db/schema/auth';
import { practiceInvitations } from '@/lib/db/schema/invitations';
import { practiceMembers } from '@/lib/db/schema/members';
import type { Practice } from '@/lib/db/schema/practices';
import { acceptInvitation, SIGN_IN_FIRST_MESSAGE, WRONG_ACCOUNT_MESSAGE } from '@/lib/domain/invitations/accept-invitation';
import { findInvitationByToken } from '@/lib/domain/invitations/find-invitation-by-token';
import { inviteMember } from '@/lib/domain/invitations/invite-member';
import { INVALID_INVITATION_MESSAGE } from '@/lib/domain/invitations/schemas';
import { seedMember, seedStaff, seedUser } from '../../factories/identity';
import { seedInvitation } from '../../factories/invitations';
import { seedPractice } from '../../factories/practices';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { cookieHeader, createTestAuth, STRONG_PASSWORD } from '../identity/helpers';
import { auditCount, auditOf, codeOf, createTestMailbox, request } from './helpers';

let t: TestDatabase;
let database: Database;
let auth: Auth;
let practice: Practice;
let owner: Awaited<ReturnType<typeof seedStaff>>;
let mailbox: Awaited<ReturnType<typeof createTestMailbox>>;

const headers = () => new Headers({ 'user-agent': 'vitest' });
const freshEmail = () => `joiner-${crypto.randomUUID().slice(0, 8)}@clinic.test`;

const membershipsOf = (userId: string) =>
  database.db
    .select({ role: practiceMembers.role, status: practiceMembers.status, invitedBy: practiceMembers.invitedBy })
    .from(practiceMembers)
    .where(and(eq(practiceMembers.practiceId, practice.id), eq(practiceMembers.userId, userId)));

const invitationRow = async (id: string) => {
  const [row] = await database.db.select().from(practiceInvitations).where(eq(practiceInvitations.id, id));
  return row;
};

const accept = (token: string, viewer: { userId: string; email: string } | null, extra: { name?: string; password?: string } = {}) =>
  acceptInvitation({ database, auth, input: { token, ...extra }, viewer, headers: headers(), request });

beforeAll(async () => {
  t = await createTestDatabase();
  database = t.database;
  auth = createTestAuth(database);
  practice = await seedPractice(database, { name: 'Juniper Pediatrics' });
  owner = await seedStaff(database, practice, 'owner');
  mailbox = await createTestMailbox();
});
afterAll(async () => {
  await mailbox.dispose();
  await t.dispose();
});

describe('accepting an invitation', () => {
  it('a person without an account creates one from the mailed link: member with the role, email verified, signed in, audited', async () => {
    const email = freshEmail();
    const sent = await inviteMember({ database, actor: owner, practiceId: practice.id, input: { email, role: 'provider' }, mail: mailbox.mail, request });
    const token = await mailbox.latestToken(email);

    const { result, setCookies } = await accept(token, null, { name: 'Robin Joiner', password: STRONG_PASSWORD });
    expect(result).toMatchObject({ practiceId: practice.id, role: 'provider', accountCreated: true });

    const [user] = await database.db.select().from(users).where(eq(users.email, email));
    expect(user).toMatchObject({ id: result.userId, name: 'Robin Joiner', emailVerified: true });
    expect(await membershipsOf(result.userId)).toEqual([{ role: 'provider', status: 'active', invitedBy: owner.userId }]);
    expect(await invitationRow(sent.invitation.id)).toMatchObject({ status: 'accepted', acceptedBy: result.userId });

    // The answer signs the new member in: the cookie resolves to a session in the practice.
    expect(setCookies.some((cookie) => cookie.startsWith(`${SESSION_COOKIE_NAME}=`))).toBe(true);
    const resolve = createSessionResolver({ auth: () => Promise.resolve(auth), database: () => Promise.resolve(database) });
    const session = await resolve(new Request('http://localhost:3000/', { headers: { cookie: cookieHeader(setCookies) } }));
    expect(session?.memberships).toEqual([{ practiceId: practice.id, role: 'provider' }]);

    const joined = (await auditOf(database, practice.id, 'member.joined')).find((entry) => entry.targetId === result.userId);
    expect(joined).toMatchObject({ actorUserId: result.userId, targetType: 'user', metadata: { role: 'provider', invitationId: sent.invitation.id, reactivated: false } });

    // The link is used up.
    expect(await findInvitationByToken({ database, token, viewer: null })).toEqual({ state: 'accepted' });
    expect(await codeOf(accept(token, null, { name: 'Robin Joiner', password: STRONG_PASSWORD }))).toBe('NOT_FOUND');
  });

  it('refuses a weak or contextual password and a missing name with field errors, creating nothing', async () => {
    const email = freshEmail();
    const { token, invitation } = await seedInvitation(database, { practice, invitedBy: owner.userId, email });
    for (const [extra, path] of [
      [{ name: 'Robin', password: 'password1234' }, 'password'],
      [{ name: 'Robin', password: 'juniper pediatrics forever' }, 'password'],
      [{ password: STRONG_PASSWORD }, 'name'],
    ] as const) {
      const error = await accept(token, null, extra).catch((e: unknown) => e);
      expect(error instanceof AppError && error.code).toBe('VALIDATION_FAILED');
      expect(error instanceof AppError ? error.fields?.map((field) => field.path) : []).toEqual([path]);
    }
    expect(await database.db.select().from(users).where(eq(users.email, email))).toEqual([]);
    expect(await invitationRow(invitation.id)).toMatchObject({ status: 'pending' });
  });

  it('a signed-in user with the invited email joins with the role', async () => {
    const user = await seedUser(database);
    const { token, invitation } = await seedInvitation(database, { practice, invitedBy: owner.userId, email: user.email, role: 'billing' });
    expect(await findInvitationByToken({ database, token, viewer: { email: user.email } })).toMatchObject({ viewer: 'invitee', accountExists: true });
    const { result, setCookies } = await accept(token, { userId: user.id, email: user.email });
    expect(result).toMatchObject({ userId: user.id, role: 'billing', accountCreated: false });
    expect(setCookies).toEqual([]);
    expect(await membershipsOf(user.id)).toEqual([{ role: 'billing', status: 'active', invitedBy: owner.userId }]);
    expect(await invitationRow(invitation.id)).toMatchObject({ status: 'accepted', acceptedBy: user.id });
    const [row] = await database.db.select({ emailVerified: users.emailVerified }).from(users).where(eq(users.id, user.id));
    expect(row?.emailVerified).toBe(true);
  });

  it('an existing account that is signed out is asked to sign in first', async () => {
    const user = await seedUser(database);
    const { token, invitation } = await seedInvitation(database, { practice, invitedBy: owner.userId, email: user.email });
    const error = await accept(token, null, { name: 'Somebody', password: STRONG_PASSWORD }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED', message: SIGN_IN_FIRST_MESSAGE });
    expect(await invitationRow(invitation.id)).toMatchObject({ status: 'pending' });
    expect(await membershipsOf(user.id)).toEqual([]);
  });

  it('refuses a signed-in user with another email, changing nothing', async () => {
    const wrong = await seedUser(database);
    const { token, invitation } = await seedInvitation(database, { practice, invitedBy: owner.userId });
    expect(await findInvitationByToken({ database, token, viewer: { email: wrong.email } })).toMatchObject({ viewer: 'other-user' });
    const before = await auditCount(database, practice.id);
    const error = await accept(token, { userId: wrong.id, email: wrong.email }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'FORBIDDEN', message: WRONG_ACCOUNT_MESSAGE });
    expect(await membershipsOf(wrong.id)).toEqual([]);
    expect(await invitationRow(invitation.id)).toMatchObject({ status: 'pending' });
    expect(await auditCount(database, practice.id)).toBe(before);
  });

  it('answers expired, revoked, used and unknown links with one message', async () => {
    const user = await seedUser(database);
    const viewer = { userId: user.id, email: user.email };
    const expired = await seedInvitation(database, { practice, invitedBy: owner.userId, email: user.email, expiresAt: new Date(Date.now() - 1000) });
    const revoked = await seedInvitation(database, { practice, invitedBy: owner.userId, email: user.email, status: 'revoked' });
    const used = await seedInvitation(database, { practice, invitedBy: owner.userId, email: user.email, status: 'accepted' });
    const unknown = 'x'.repeat(43);
    for (const token of [expired.token, revoked.token, used.token, unknown]) {
      const error = await accept(token, viewer).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'NOT_FOUND', message: INVALID_INVITATION_MESSAGE });
    }
    expect(await membershipsOf(user.id)).toEqual([]);
    await expect(findInvitationByToken({ database, token: unknown, viewer: null })).rejects.toMatchObject({ message: INVALID_INVITATION_MESSAGE });
  });

  it('two accepts of one link at once create one membership', async () => {
    const user = await seedUser(database);
    const { token } = await seedInvitation(database, { practice, invitedBy: owner.userId, email: user.email, role: 'nurse' });
    const viewer = { userId: user.id, email: user.email };
    const outcomes = await Promise.allSettled([accept(token, viewer), accept(token, viewer), accept(token, viewer)]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') {
        expect(outcome.reason).toMatchObject({ code: 'NOT_FOUND' });
      }
    }
    const [row] = await database.db
      .select({ n: count() })
      .from(practiceMembers)
      .where(and(eq(practiceMembers.practiceId, practice.id), eq(practiceMembers.userId, user.id)));
    expect(row?.n).toBe(1);
    expect((await auditOf(database, practice.id, 'member.joined')).filter((entry) => entry.targetId === user.id)).toHaveLength(1);
  });

  it('two new-account accepts of one link at once create one user and one membership', async () => {
    const email = freshEmail();
    const { token } = await seedInvitation(database, { practice, invitedBy: owner.userId, email });
    const outcomes = await Promise.allSettled([
      accept(token, null, { name: 'Twin One', password: STRONG_PASSWORD }),
      accept(token, null, { name: 'Twin Two', password: STRONG_PASSWORD }),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') {
        // The loser either finds the account already there (sign in first) or the link used.
        expect(['UNAUTHENTICATED', 'NOT_FOUND']).toContain((outcome.reason as AppError).code);
      }
    }
    const created = await database.db.select().from(users).where(eq(users.email, email));
    expect(created).toHaveLength(1);
    expect(await membershipsOf(created[0]?.id ?? '')).toHaveLength(1);
  });

  it('re-inviting a deactivated member reactivates the membership with the invited role', async () => {
    const user = await seedUser(database);
    await seedMember(database, { practice, user, role: 'front_desk' });
    await database.db
      .update(practiceMembers)
      .set({ status: 'deactivated', deactivatedAt: new Date() })
      .where(and(eq(practiceMembers.practiceId, practice.id), eq(practiceMembers.userId, user.id)));
    const { token } = await seedInvitation(database, { practice, invitedBy: owner.userId, email: user.email, role: 'billing' });
    await accept(token, { userId: user.id, email: user.email });
    expect(await membershipsOf(user.id)).toEqual([{ role: 'billing', status: 'active', invitedBy: owner.userId }]);
    const joined = (await auditOf(database, practice.id, 'member.joined')).find((entry) => entry.targetId === user.id);
    expect(joined?.metadata).toMatchObject({ reactivated: true, role: 'billing' });
  });

  it('an active member following a new invitation is told so and nothing changes', async () => {
    const user = await seedUser(database);
    await seedMember(database, { practice, user, role: 'nurse' });
    const { token, invitation } = await seedInvitation(database, { practice, invitedBy: owner.userId, email: user.email, role: 'admin' });
    expect(await codeOf(accept(token, { userId: user.id, email: user.email }))).toBe('CONFLICT');
    expect(await membershipsOf(user.id)).toMatchObject([{ role: 'nurse', status: 'active' }]);
    expect(await invitationRow(invitation.id)).toMatchObject({ status: 'pending' });
  });
});
