import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as securityRoute from '@/app/api/v1/practices/[practiceId]/settings/security/route';
import * as activePracticeRoute from '@/app/api/v1/session/active-practice/route';
import { ZErrorBody } from '@/lib/api/errors';
import { AppError } from '@/lib/api/errors';
import { idleTimeoutMinutesFor } from '@/lib/auth/idle-timeout';
import type { TRole } from '@/lib/auth/permissions';
import type { Database } from '@/lib/db/client';
import { auditLog } from '@/lib/db/schema/audit';
import { practices, type Practice } from '@/lib/db/schema/practices';
import { updatePracticeSecuritySettings } from '@/lib/domain/practices/update-practice-security-settings';
import { seedStaff } from '../../factories/identity';
import { seedPractice } from '../../factories/practices';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { callRoute, releaseRoutes, signedInMember, useTestDatabaseForRoutes } from './helpers';

// Practice security settings (issue #4 §4): the session timeout, changed by owners and admins,
// audited with from/to in the same transaction, applied to every member's next request.

let t: TestDatabase;
let database: Database;
let practice: Practice;
let other: Practice;

const path = (practiceId: string) => `/api/v1/practices/${practiceId}/settings/security`;
const patch = (practiceId: string, cookie: string, body: unknown) =>
  callRoute(securityRoute.PATCH, { method: 'PATCH', path: path(practiceId), cookie, body, params: { practiceId } });
const get = (practiceId: string, cookie: string) =>
  callRoute(securityRoute.GET, { method: 'GET', path: path(practiceId), cookie, params: { practiceId } });

const storedSettings = async (practiceId = practice.id) => {
  const [row] = await database.db.select().from(practices).where(eq(practices.id, practiceId));
  return row;
};
const settingsChanges = (practiceId = practice.id) =>
  database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.practiceId, practiceId), eq(auditLog.action, 'practice.settings_changed')))
    .orderBy(auditLog.seq);

const memberOfPractice = (role: TRole) => signedInMember(database, [{ practice, role }]);

beforeAll(async () => {
  t = await createTestDatabase();
  database = t.database;
  useTestDatabaseForRoutes(database);
  // Another setting in the same jsonb column must survive every update.
  practice = await seedPractice(database, { settings: { locale: 'en-US' } });
  other = await seedPractice(database);
});
afterAll(async () => {
  releaseRoutes();
  await t.dispose();
});

describe('practice security settings', () => {
  it('shows the default (15 minutes) before anything is set', async () => {
    const { cookie } = await memberOfPractice('nurse');
    const response = await get(practice.id, cookie);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ idleTimeoutMinutes: 15 });
  });

  it('lets the owner and an admin change the timeout, auditing from/to in the same transaction', async () => {
    const owner = await memberOfPractice('owner');
    const admin = await memberOfPractice('admin');

    const first = await patch(practice.id, owner.cookie, { idleTimeoutMinutes: 10 });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ idleTimeoutMinutes: 10 });
    expect((await storedSettings())?.settings).toEqual({ locale: 'en-US', idleTimeoutMinutes: 10 });

    const second = await patch(practice.id, admin.cookie, { idleTimeoutMinutes: 30 });
    expect(second.status).toBe(200);
    const stored = await storedSettings();
    expect(stored?.settings).toEqual({ locale: 'en-US', idleTimeoutMinutes: 30 });

    const entries = await settingsChanges();
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({
      actorUserId: owner.userId,
      targetType: 'practice',
      targetId: practice.id,
      severity: 'notice',
      metadata: { changes: { idleTimeoutMinutes: { from: 15, to: 10 } } },
    });
    expect(entries[1]).toMatchObject({
      actorUserId: admin.userId,
      metadata: { changes: { idleTimeoutMinutes: { from: 10, to: 30 } } },
    });
    // now() is the transaction's start time: the row's updated_at equal to the entry's recorded_at
    // shows both were written by one transaction.
    expect(stored?.updatedAt.getTime()).toBe(entries[1]?.recordedAt.getTime());

    // Saving the same value again changes and records nothing.
    expect((await patch(practice.id, admin.cookie, { idleTimeoutMinutes: 30 })).status).toBe(200);
    expect(await settingsChanges()).toHaveLength(2);
    expect(await (await get(practice.id, admin.cookie)).json()).toEqual({ idleTimeoutMinutes: 30 });
  });

  it('applies the new value to every member at once', async () => {
    const owner = await memberOfPractice('owner');
    const nurse = await memberOfPractice('nurse');
    expect((await patch(practice.id, owner.cookie, { idleTimeoutMinutes: 5 })).status).toBe(200);
    expect(await idleTimeoutMinutesFor(database, { userId: nurse.userId, practiceIds: [practice.id] })).toBe(5);
    // The nurse's next request is held to it (the strictest of their practices), and an open page
    // learns it from the shell check after its next navigation.
    const shell = await callRoute(activePracticeRoute.GET, { method: 'GET', path: '/api/v1/session/active-practice', cookie: nurse.cookie });
    expect(((await shell.json()) as { idleTimeoutMinutes: number }).idleTimeoutMinutes).toBe(5);

    expect((await patch(practice.id, owner.cookie, { idleTimeoutMinutes: 45 })).status).toBe(200);
    expect(await idleTimeoutMinutesFor(database, { userId: nurse.userId, practiceIds: [practice.id] })).toBe(45);
  });

  it.each(['provider', 'nurse', 'front_desk', 'billing', 'auditor'] as const)(
    'refuses the %s (403) and changes nothing, but shows the settings',
    async (role) => {
      const before = await storedSettings();
      const entriesBefore = (await settingsChanges()).length;
      const { cookie } = await memberOfPractice(role);
      const response = await patch(practice.id, cookie, { idleTimeoutMinutes: 3 });
      expect(response.status).toBe(403);
      expect(ZErrorBody.parse(await response.json()).error.code).toBe('FORBIDDEN');
      expect(await storedSettings()).toEqual(before);
      expect(await settingsChanges()).toHaveLength(entriesBefore);
      expect((await get(practice.id, cookie)).status).toBe(200);
    },
  );

  it("answers another practice's settings with 404 and changes nothing", async () => {
    const before = await storedSettings();
    const entriesBefore = (await settingsChanges()).length;
    const outsider = await signedInMember(database, [{ practice: other, role: 'owner' }]);
    const response = await patch(practice.id, outsider.cookie, { idleTimeoutMinutes: 3 });
    expect(response.status).toBe(404);
    expect(ZErrorBody.parse(await response.json()).error.code).toBe('NOT_FOUND');
    expect((await get(practice.id, outsider.cookie)).status).toBe(404);
    // A practice that does not exist reads the same.
    expect((await patch('019ab8c2-4f6e-7000-8000-0000000000ff', outsider.cookie, { idleTimeoutMinutes: 3 })).status).toBe(404);
    expect(await storedSettings()).toEqual(before);
    expect(await settingsChanges()).toHaveLength(entriesBefore);
  });

  it.each([
    [{ idleTimeoutMinutes: 1 }, 'idleTimeoutMinutes'],
    [{ idleTimeoutMinutes: 61 }, 'idleTimeoutMinutes'],
    [{ idleTimeoutMinutes: 7.5 }, 'idleTimeoutMinutes'],
    [{ idleTimeoutMinutes: '15' }, 'idleTimeoutMinutes'],
    [{ idleTimeoutMinutes: 10, requireMfa: false }, 'requireMfa'],
  ])('refuses %j with 422 naming the field, and changes nothing', async (body, field) => {
    const before = await storedSettings();
    const { cookie } = await memberOfPractice('owner');
    const response = await patch(practice.id, cookie, body);
    expect(response.status).toBe(422);
    const { error } = ZErrorBody.parse(await response.json());
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.fields?.map((f) => f.path)).toEqual([field]);
    expect(await storedSettings()).toEqual(before);
  });

  it('refuses at the domain layer too, whatever the caller', async () => {
    const request = { requestId: 'req-settings', ipAddress: null };
    const frontDesk = await seedStaff(database, practice, 'front_desk');
    const outsider = await seedStaff(database, other, 'owner');
    const codeOf = (actor: typeof frontDesk) =>
      updatePracticeSecuritySettings({ database, actor, practiceId: practice.id, changes: { idleTimeoutMinutes: 3 }, request }).then(
        () => 'ok',
        (error: unknown) => (error instanceof AppError ? error.code : String(error)),
      );
    expect(await codeOf(frontDesk)).toBe('FORBIDDEN');
    expect(await codeOf(outsider)).toBe('NOT_FOUND');
    expect((await storedSettings())?.settings).not.toMatchObject({ idleTimeoutMinutes: 3 });
  });

  it('needs a session', async () => {
    const response = await callRoute(securityRoute.PATCH, {
      method: 'PATCH',
      path: path(practice.id),
      body: { idleTimeoutMinutes: 3 },
      params: { practiceId: practice.id },
    });
    expect(response.status).toBe(401);
  });

  it('is never prerendered', () => {
    expect(securityRoute.dynamic).toBe('force-dynamic');
    expect(activePracticeRoute.dynamic).toBe('force-dynamic');
  });
});
