import { and, eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/api/errors';
import type { Database } from '@/lib/db/client';
import { auditLog } from '@/lib/db/schema/audit';
import { sessions } from '@/lib/db/schema/auth';
import { practiceMembers } from '@/lib/db/schema/members';
import type { Practice } from '@/lib/db/schema/practices';
import { changeMemberRole } from '@/lib/domain/members/change-member-role';
import { deactivateMember } from '@/lib/domain/members/deactivate-member';
import { listPracticeMembers } from '@/lib/domain/members/list-practice-members';
import { seedStaff } from '../../factories/identity';
import { seedPractice } from '../../factories/practices';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

const request = { requestId: 'req-members', ipAddress: '127.0.0.1' };
let t: TestDatabase;
let database: Database;
let practice: Practice;
let other: Practice;

const codeOf = async (work: Promise<unknown>) =>
  work.then(
    () => 'ok',
    (error: unknown) => (error instanceof AppError ? error.code : String(error)),
  );

const roleOf = async (userId: string, practiceId = practice.id) => {
  const [row] = await database.db
    .select({ role: practiceMembers.role, status: practiceMembers.status })
    .from(practiceMembers)
    .where(and(eq(practiceMembers.practiceId, practiceId), eq(practiceMembers.userId, userId)));
  return row;
};

const openSession = async (userId: string) => {
  const id = uuidv7();
  await database.db
    .insert(sessions)
    .values({ id, userId, token: `token-${id}`, expiresAt: new Date(Date.now() + 3_600_000) });
  return id;
};

beforeAll(async () => {
  t = await createTestDatabase();
  database = t.database;
  practice = await seedPractice(database);
  other = await seedPractice(database);
});
afterAll(async () => {
  await t.dispose();
});

describe('member management', () => {
  it('lists the staff for roles that may see it, and 404s another practice', async () => {
    const owner = await seedStaff(database, practice, 'owner');
    const nurse = await seedStaff(database, practice, 'nurse');
    const members = await listPracticeMembers({ database, actor: owner, practiceId: practice.id });
    expect(members.map((m) => m.userId)).toEqual(expect.arrayContaining([owner.userId, nurse.userId]));
    const outsider = await seedStaff(database, other, 'owner');
    expect(await codeOf(listPracticeMembers({ database, actor: outsider, practiceId: practice.id }))).toBe('NOT_FOUND');
  });

  it('lets an admin change a role below owner, and records it', async () => {
    const admin = await seedStaff(database, practice, 'admin');
    const member = await seedStaff(database, practice, 'front_desk');
    await changeMemberRole({ database, actor: admin, practiceId: practice.id, userId: member.userId, role: 'billing', request });
    expect(await roleOf(member.userId)).toMatchObject({ role: 'billing' });
    const [entry] = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'member.role_changed'), eq(auditLog.targetId, member.userId)));
    expect(entry).toMatchObject({ actorUserId: admin.userId, metadata: { from: 'front_desk', to: 'billing' } });
  });

  it('refuses changes to one’s own membership, writing nothing', async () => {
    const owner = await seedStaff(database, practice, 'owner');
    await seedStaff(database, practice, 'owner'); // not the last owner: the refusal is about self
    const admin = await seedStaff(database, practice, 'admin');
    expect(await codeOf(changeMemberRole({ database, actor: admin, practiceId: practice.id, userId: admin.userId, role: 'nurse', request }))).toBe(
      'FORBIDDEN',
    );
    expect(await codeOf(deactivateMember({ database, actor: owner, practiceId: practice.id, userId: owner.userId, request }))).toBe('FORBIDDEN');
    expect(await roleOf(admin.userId)).toMatchObject({ role: 'admin', status: 'active' });
    expect(await roleOf(owner.userId)).toMatchObject({ role: 'owner', status: 'active' });
  });

  it('keeps the owner role for owners to give or take', async () => {
    const admin = await seedStaff(database, practice, 'admin');
    const member = await seedStaff(database, practice, 'nurse');
    expect(
      await codeOf(changeMemberRole({ database, actor: admin, practiceId: practice.id, userId: member.userId, role: 'owner', request })),
    ).toBe('FORBIDDEN');
    expect(await roleOf(member.userId)).toMatchObject({ role: 'nurse' });
  });

  it('refuses staff without the permission (403) and other practices (404), changing nothing', async () => {
    const frontDesk = await seedStaff(database, practice, 'front_desk');
    const target = await seedStaff(database, practice, 'billing');
    const outsider = await seedStaff(database, other, 'owner');
    for (const actor of [frontDesk, outsider]) {
      const expected = actor === frontDesk ? 'FORBIDDEN' : 'NOT_FOUND';
      expect(await codeOf(changeMemberRole({ database, actor, practiceId: practice.id, userId: target.userId, role: 'nurse', request }))).toBe(expected);
      expect(await codeOf(deactivateMember({ database, actor, practiceId: practice.id, userId: target.userId, request }))).toBe(expected);
    }
    expect(await roleOf(target.userId)).toEqual({ role: 'billing', status: 'active' });
  });

  it('never leaves a practice without an active owner', async () => {
    const solo = await seedPractice(database);
    const owner = await seedStaff(database, solo, 'owner');
    // The only owner cannot step down or leave on their own (nor can anyone else touch them).
    expect(await codeOf(changeMemberRole({ database, actor: owner, practiceId: solo.id, userId: owner.userId, role: 'admin', request }))).toBe('FORBIDDEN');
    expect(await codeOf(deactivateMember({ database, actor: owner, practiceId: solo.id, userId: owner.userId, request }))).toBe('FORBIDDEN');
    expect(await roleOf(owner.userId, solo.id)).toEqual({ role: 'owner', status: 'active' });

    // Two owners removing each other at once: the owner rows are locked, so one of them stays.
    const second = await seedStaff(database, solo, 'owner');
    const outcomes = await Promise.all([
      codeOf(changeMemberRole({ database, actor: owner, practiceId: solo.id, userId: second.userId, role: 'admin', request })),
      codeOf(deactivateMember({ database, actor: second, practiceId: solo.id, userId: owner.userId, request })),
    ]);
    expect(outcomes.filter((outcome) => outcome === 'ok')).toHaveLength(1);
    const owners = [await roleOf(owner.userId, solo.id), await roleOf(second.userId, solo.id)].filter(
      (row) => row?.role === 'owner' && row.status === 'active',
    );
    expect(owners).toHaveLength(1);
  });

  it('deactivating a member ends all their sessions at once', async () => {
    const owner = await seedStaff(database, practice, 'owner');
    const member = await seedStaff(database, practice, 'provider');
    await openSession(member.userId);
    await openSession(member.userId);
    const kept = await openSession(owner.userId);
    await deactivateMember({ database, actor: owner, practiceId: practice.id, userId: member.userId, request });
    expect(await roleOf(member.userId)).toMatchObject({ status: 'deactivated' });
    expect(await database.db.select().from(sessions).where(eq(sessions.userId, member.userId))).toEqual([]);
    expect(await database.db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, owner.userId))).toEqual([{ id: kept }]);
    const [entry] = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'member.deactivated'), eq(auditLog.targetId, member.userId)));
    expect(entry).toMatchObject({ metadata: { role: 'provider', sessionsEnded: 2 } });
  });
});
