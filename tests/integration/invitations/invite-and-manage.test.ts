import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/lib/db/client';
import { practiceInvitations } from '@/lib/db/schema/invitations';
import { practiceMembers } from '@/lib/db/schema/members';
import type { Practice } from '@/lib/db/schema/practices';
import { findInvitationByToken } from '@/lib/domain/invitations/find-invitation-by-token';
import { hashInvitationToken } from '@/lib/domain/invitations/invitation-token';
import { inviteMember } from '@/lib/domain/invitations/invite-member';
import { listInvitations } from '@/lib/domain/invitations/list-invitations';
import { resendInvitation } from '@/lib/domain/invitations/resend-invitation';
import { revokeInvitation } from '@/lib/domain/invitations/revoke-invitation';
import { seedMember, seedStaff, seedUser } from '../../factories/identity';
import { seedInvitation } from '../../factories/invitations';
import { seedPractice } from '../../factories/practices';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { auditCount, auditOf, codeOf, createTestMailbox, invitationsOf, request } from './helpers';

let t: TestDatabase;
let database: Database;
let practice: Practice;
let other: Practice;
let mailbox: Awaited<ReturnType<typeof createTestMailbox>>;

const freshEmail = () => `invitee-${crypto.randomUUID().slice(0, 8)}@clinic.test`;

beforeAll(async () => {
  t = await createTestDatabase();
  database = t.database;
  practice = await seedPractice(database, { name: 'Willow Creek Clinic' });
  other = await seedPractice(database);
  mailbox = await createTestMailbox();
});
afterAll(async () => {
  await mailbox.dispose();
  await t.dispose();
});

describe('inviting staff', () => {
  it('stores the invitation with the token hash only, mails a working link, and audits member.invited', async () => {
    const owner = await seedStaff(database, practice, 'owner');
    const email = freshEmail();
    const sent = await inviteMember({ database, actor: owner, practiceId: practice.id, input: { email, role: 'nurse' }, mail: mailbox.mail, request });
    expect(sent).toMatchObject({ emailSent: true, invitation: { email, role: 'nurse', expired: false } });

    const [message] = await mailbox.messagesTo(email);
    expect(message?.subject).toContain('Willow Creek Clinic');
    expect(message?.text).toContain('Nurse');
    const token = await mailbox.latestToken(email);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const [row] = await database.db.select().from(practiceInvitations).where(eq(practiceInvitations.id, sent.invitation.id));
    expect(row).toMatchObject({ status: 'pending', email, role: 'nurse', invitedBy: owner.userId, tokenHash: hashInvitationToken(token) });
    expect(JSON.stringify(row)).not.toContain(token);
    // Seven days, give or take the test's own runtime.
    expect(Math.abs((row?.expiresAt.getTime() ?? 0) - Date.now() - 7 * 86_400_000)).toBeLessThan(60_000);

    // The link works: the public preview finds it.
    expect(await findInvitationByToken({ database, token, viewer: null })).toMatchObject({
      state: 'pending',
      practiceName: 'Willow Creek Clinic',
      role: 'nurse',
      email,
      accountExists: false,
      viewer: 'signed-out',
    });

    const [entry] = await auditOf(database, practice.id, 'member.invited').then((rows) => rows.filter((r) => r.targetId === sent.invitation.id));
    expect(entry).toMatchObject({ actorUserId: owner.userId, targetType: 'invitation', metadata: { role: 'nurse' } });
    expect(JSON.stringify(entry?.metadata)).not.toContain(email);
  });

  it('inviting the same address again revokes the previous invitation and its link', async () => {
    const admin = await seedStaff(database, practice, 'admin');
    const email = freshEmail();
    const first = await inviteMember({ database, actor: admin, practiceId: practice.id, input: { email, role: 'billing' }, mail: mailbox.mail, request });
    const firstToken = await mailbox.latestToken(email);
    const second = await inviteMember({ database, actor: admin, practiceId: practice.id, input: { email, role: 'front_desk' }, mail: mailbox.mail, request });
    const secondToken = await mailbox.latestToken(email);
    expect(secondToken).not.toBe(firstToken);

    const rows = (await invitationsOf(database, practice.id)).filter((row) => row.email === email);
    expect(rows.map((row) => [row.id, row.status]).sort()).toEqual(
      [
        [first.invitation.id, 'revoked'],
        [second.invitation.id, 'pending'],
      ].sort(),
    );
    expect(await findInvitationByToken({ database, token: firstToken, viewer: null })).toEqual({ state: 'revoked' });
    expect(await findInvitationByToken({ database, token: secondToken, viewer: null })).toMatchObject({ state: 'pending', role: 'front_desk' });
    const revoked = await auditOf(database, practice.id, 'invitation.revoked');
    expect(revoked.find((entry) => entry.targetId === first.invitation.id)?.metadata).toMatchObject({ reason: 'replaced' });
  });

  it('only owners invite owners', async () => {
    const admin = await seedStaff(database, practice, 'admin');
    const owner = await seedStaff(database, practice, 'owner');
    const email = freshEmail();
    const before = await auditCount(database, practice.id);
    expect(await codeOf(inviteMember({ database, actor: admin, practiceId: practice.id, input: { email, role: 'owner' }, mail: mailbox.mail, request }))).toBe('FORBIDDEN');
    expect((await invitationsOf(database, practice.id)).filter((row) => row.email === email)).toEqual([]);
    expect(await mailbox.messagesTo(email)).toEqual([]);
    expect(await auditCount(database, practice.id)).toBe(before);
    await inviteMember({ database, actor: owner, practiceId: practice.id, input: { email, role: 'owner' }, mail: mailbox.mail, request });
    expect((await invitationsOf(database, practice.id)).filter((row) => row.email === email)).toHaveLength(1);
  });

  it('refuses an address of an active member (CONFLICT) but lets a deactivated member be invited back', async () => {
    const owner = await seedStaff(database, practice, 'owner');
    const activeUser = await seedUser(database);
    await seedMember(database, { practice, user: activeUser, role: 'nurse' });
    expect(
      await codeOf(inviteMember({ database, actor: owner, practiceId: practice.id, input: { email: activeUser.email, role: 'provider' }, mail: mailbox.mail, request })),
    ).toBe('CONFLICT');
    expect((await invitationsOf(database, practice.id)).filter((row) => row.email === activeUser.email)).toEqual([]);

    await database.db
      .update(practiceMembers)
      .set({ status: 'deactivated', deactivatedAt: new Date() })
      .where(and(eq(practiceMembers.practiceId, practice.id), eq(practiceMembers.userId, activeUser.id)));
    const sent = await inviteMember({ database, actor: owner, practiceId: practice.id, input: { email: activeUser.email, role: 'provider' }, mail: mailbox.mail, request });
    expect(sent.invitation.role).toBe('provider');
  });

  it('keeps the invitation when its email cannot be sent, and says so', async () => {
    const owner = await seedStaff(database, practice, 'owner');
    const email = freshEmail();
    const failing = { appUrl: 'http://localhost:3000', send: () => Promise.reject(new Error(`550 mailbox unavailable <${email}>`)) };
    const sent = await inviteMember({ database, actor: owner, practiceId: practice.id, input: { email, role: 'nurse' }, mail: failing, request });
    expect(sent.emailSent).toBe(false);
    expect(sent.message).toMatch(/could not be sent/);
    expect((await invitationsOf(database, practice.id)).filter((row) => row.email === email)).toMatchObject([{ status: 'pending' }]);
    // …and resending it through a working mailer delivers a link.
    await resendInvitation({ database, actor: owner, practiceId: practice.id, invitationId: sent.invitation.id, mail: mailbox.mail, request });
    expect(await mailbox.messagesTo(email)).toHaveLength(1);
  });
});

describe('listing, revoking and resending', () => {
  it('lists open invitations with expired ones flagged, newest first; accepted and revoked ones are left out', async () => {
    const place = await seedPractice(database);
    const owner = await seedStaff(database, place, 'owner');
    const expired = await seedInvitation(database, { practice: place, invitedBy: owner.userId, expiresAt: new Date(Date.now() - 1000) });
    const open = await seedInvitation(database, { practice: place, invitedBy: owner.userId });
    await seedInvitation(database, { practice: place, invitedBy: owner.userId, status: 'revoked' });
    await seedInvitation(database, { practice: place, invitedBy: owner.userId, status: 'accepted' });
    const listed = await listInvitations({ database, actor: owner, practiceId: place.id });
    expect(listed.map((item) => [item.id, item.expired])).toEqual([
      [open.invitation.id, false],
      [expired.invitation.id, true],
    ]);
  });

  it('revokes an open invitation: the link stops working, audited; a second revoke is a CONFLICT', async () => {
    const admin = await seedStaff(database, practice, 'admin');
    const { invitation, token } = await seedInvitation(database, { practice, invitedBy: admin.userId });
    await revokeInvitation({ database, actor: admin, practiceId: practice.id, invitationId: invitation.id, request });
    expect(await findInvitationByToken({ database, token, viewer: null })).toEqual({ state: 'revoked' });
    expect((await auditOf(database, practice.id, 'invitation.revoked')).some((entry) => entry.targetId === invitation.id)).toBe(true);
    expect(await codeOf(revokeInvitation({ database, actor: admin, practiceId: practice.id, invitationId: invitation.id, request }))).toBe('CONFLICT');
  });

  it('an admin may not revoke or resend an invitation to the owner role', async () => {
    const owner = await seedStaff(database, practice, 'owner');
    const admin = await seedStaff(database, practice, 'admin');
    const { invitation } = await seedInvitation(database, { practice, invitedBy: owner.userId, role: 'owner' });
    expect(await codeOf(revokeInvitation({ database, actor: admin, practiceId: practice.id, invitationId: invitation.id, request }))).toBe('FORBIDDEN');
    expect(
      await codeOf(resendInvitation({ database, actor: admin, practiceId: practice.id, invitationId: invitation.id, mail: mailbox.mail, request })),
    ).toBe('FORBIDDEN');
    const [row] = await database.db.select().from(practiceInvitations).where(eq(practiceInvitations.id, invitation.id));
    expect(row).toMatchObject({ status: 'pending', tokenHash: invitation.tokenHash });
  });

  it('resend rotates the token and extends an expired invitation; the old link stops working', async () => {
    const owner = await seedStaff(database, practice, 'owner');
    const email = freshEmail();
    const { invitation, token: oldToken } = await seedInvitation(database, {
      practice,
      invitedBy: owner.userId,
      email,
      expiresAt: new Date(Date.now() - 60_000),
    });
    expect(await findInvitationByToken({ database, token: oldToken, viewer: null })).toEqual({ state: 'expired' });
    const sent = await resendInvitation({ database, actor: owner, practiceId: practice.id, invitationId: invitation.id, mail: mailbox.mail, request });
    expect(sent).toMatchObject({ emailSent: true, invitation: { id: invitation.id, expired: false } });
    const newToken = await mailbox.latestToken(email);
    expect(newToken).not.toBe(oldToken);
    await expect(findInvitationByToken({ database, token: oldToken, viewer: null })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await findInvitationByToken({ database, token: newToken, viewer: null })).toMatchObject({ state: 'pending', email });
    const [row] = await database.db.select().from(practiceInvitations).where(eq(practiceInvitations.id, invitation.id));
    expect(row?.tokenHash).toBe(hashInvitationToken(newToken));
    expect(row?.expiresAt.getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    expect((await auditOf(database, practice.id, 'invitation.resent')).some((entry) => entry.targetId === invitation.id)).toBe(true);
  });
});

describe('who may invite', () => {
  it('front desk (no members.invite) gets 403 and nothing is written', async () => {
    const owner = await seedStaff(database, practice, 'owner');
    const frontDesk = await seedStaff(database, practice, 'front_desk');
    const { invitation } = await seedInvitation(database, { practice, invitedBy: owner.userId });
    const email = freshEmail();
    const rowsBefore = await invitationsOf(database, practice.id);
    const auditBefore = await auditCount(database, practice.id);
    const attempts = {
      invite: inviteMember({ database, actor: frontDesk, practiceId: practice.id, input: { email, role: 'nurse' }, mail: mailbox.mail, request }),
      list: listInvitations({ database, actor: frontDesk, practiceId: practice.id }),
      revoke: revokeInvitation({ database, actor: frontDesk, practiceId: practice.id, invitationId: invitation.id, request }),
      resend: resendInvitation({ database, actor: frontDesk, practiceId: practice.id, invitationId: invitation.id, mail: mailbox.mail, request }),
    };
    for (const [name, attempt] of Object.entries(attempts)) {
      expect([name, await codeOf(attempt)]).toEqual([name, 'FORBIDDEN']);
    }
    expect(await invitationsOf(database, practice.id)).toEqual(rowsBefore);
    expect(await auditCount(database, practice.id)).toBe(auditBefore);
    expect(await mailbox.messagesTo(email)).toEqual([]);
    expect(await mailbox.messagesTo(invitation.email)).toEqual([]);
  });

  it("another practice's staff get 404 and nothing is written", async () => {
    const owner = await seedStaff(database, practice, 'owner');
    const outsider = await seedStaff(database, other, 'owner');
    const { invitation } = await seedInvitation(database, { practice, invitedBy: owner.userId });
    const email = freshEmail();
    const rowsBefore = await invitationsOf(database, practice.id);
    const auditBefore = await auditCount(database, practice.id);
    const otherAuditBefore = await auditCount(database, other.id);
    const attempts = {
      invite: inviteMember({ database, actor: outsider, practiceId: practice.id, input: { email, role: 'nurse' }, mail: mailbox.mail, request }),
      list: listInvitations({ database, actor: outsider, practiceId: practice.id }),
      revoke: revokeInvitation({ database, actor: outsider, practiceId: practice.id, invitationId: invitation.id, request }),
      resend: resendInvitation({ database, actor: outsider, practiceId: practice.id, invitationId: invitation.id, mail: mailbox.mail, request }),
      // Their own practice's id with this practice's invitation id: still nothing (scoped lookup).
      revokeViaOwnPractice: revokeInvitation({ database, actor: outsider, practiceId: other.id, invitationId: invitation.id, request }),
      resendViaOwnPractice: resendInvitation({ database, actor: outsider, practiceId: other.id, invitationId: invitation.id, mail: mailbox.mail, request }),
    };
    for (const [name, attempt] of Object.entries(attempts)) {
      expect([name, await codeOf(attempt)]).toEqual([name, 'NOT_FOUND']);
    }
    expect(await invitationsOf(database, practice.id)).toEqual(rowsBefore);
    expect(await auditCount(database, practice.id)).toBe(auditBefore);
    expect(await auditCount(database, other.id)).toBe(otherAuditBefore);
    expect(await mailbox.messagesTo(email)).toEqual([]);
    expect(await mailbox.messagesTo(invitation.email)).toEqual([]);
  });
});
