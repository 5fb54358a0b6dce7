import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as activePracticeRoute from '@/app/api/v1/session/active-practice/route';
import { ZErrorBody } from '@/lib/api/errors';
import { ACTIVE_PRACTICE_COOKIE } from '@/lib/auth/active-practice';
import type { Database } from '@/lib/db/client';
import { practiceMembers } from '@/lib/db/schema/members';
import type { Practice } from '@/lib/db/schema/practices';
import { findActiveMembership } from '@/lib/domain/practices/find-active-membership';
import { seedPractice } from '../../factories/practices';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { callRoute, releaseRoutes, signedInMember, useTestDatabaseForRoutes } from './helpers';

// The active practice (issue #4 §3): POST /api/v1/session/active-practice remembers the choice in a
// __Host- cookie, only for a practice the person is an active member of; reads fall back silently.

const PATH = '/api/v1/session/active-practice';
let t: TestDatabase;
let database: Database;
// Names chosen around the sign-up practice ("Lakeside Clinic …"): by name, alpha < Lakeside < zulu.
let alpha: Practice;
let zulu: Practice;
let other: Practice;

const choose = (cookie: string | undefined, practiceId: unknown) =>
  callRoute(activePracticeRoute.POST, { method: 'POST', path: PATH, cookie, body: { practiceId } });
const shell = async (cookie: string) => {
  const response = await callRoute(activePracticeRoute.GET, { method: 'GET', path: PATH, cookie });
  expect(response.status).toBe(200);
  return (await response.json()) as { practiceId: string | null; idleTimeoutMinutes: number };
};
const withChoice = (cookie: string, practiceId: string) => `${cookie}; ${ACTIVE_PRACTICE_COOKIE}=${practiceId}`;

beforeAll(async () => {
  t = await createTestDatabase();
  database = t.database;
  useTestDatabaseForRoutes(database);
  alpha = await seedPractice(database, { name: `Alpha Family Medicine ${Date.now()}` });
  zulu = await seedPractice(database, { name: `Zulu Pediatrics ${Date.now()}` });
  other = await seedPractice(database);
});
afterAll(async () => {
  releaseRoutes();
  await t.dispose();
});

describe('active practice', () => {
  it('sets a __Host- cookie for one of the person’s practices and answers 204', async () => {
    const person = await signedInMember(database, [{ practice: zulu, role: 'nurse' }]);
    const response = await choose(person.cookie, zulu.id);
    expect(response.status).toBe(204);
    const setCookie = response.headers.get('set-cookie') ?? '';
    expect(setCookie.startsWith(`${ACTIVE_PRACTICE_COOKIE}=${zulu.id};`)).toBe(true);
    expect(setCookie).toMatch(/Path=\/;/);
    expect(setCookie).toMatch(/; Secure;/);
    expect(setCookie).toMatch(/; HttpOnly;/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toContain(`Max-Age=${365 * 24 * 3600}`);
    expect(setCookie).not.toMatch(/domain=/i);
    // What the shell (and every page) then shows:
    expect((await shell(withChoice(person.cookie, zulu.id))).practiceId).toBe(zulu.id);
  });

  it("refuses another practice's id with 404 and sets nothing", async () => {
    const person = await signedInMember(database, [{ practice: zulu, role: 'owner' }]);
    for (const practiceId of [other.id, '019ab8c2-4f6e-7000-8000-0000000000ff']) {
      const response = await choose(person.cookie, practiceId);
      expect(response.status).toBe(404);
      expect(ZErrorBody.parse(await response.json()).error.code).toBe('NOT_FOUND');
      expect(response.headers.get('set-cookie')).toBeNull();
    }
  });

  it('refuses a malformed id (422 on the field) and a visitor without a session (401)', async () => {
    const person = await signedInMember(database);
    const malformed = await choose(person.cookie, 'not-a-uuid');
    expect(malformed.status).toBe(422);
    expect(ZErrorBody.parse(await malformed.json()).error.fields?.map((f) => f.path)).toEqual(['practiceId']);
    expect(malformed.headers.get('set-cookie')).toBeNull();
    const anonymous = await choose(undefined, alpha.id);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('set-cookie')).toBeNull();
  });

  it('without a choice shows the first practice by name', async () => {
    const person = await signedInMember(database, [
      { practice: zulu, role: 'billing' },
      { practice: alpha, role: 'front_desk' },
    ]);
    expect((await shell(person.cookie)).practiceId).toBe(alpha.id);
    // A cookie naming a practice the person does not belong to counts as no choice.
    expect((await shell(withChoice(person.cookie, other.id))).practiceId).toBe(alpha.id);
    expect((await shell(withChoice(person.cookie, 'garbage'))).practiceId).toBe(alpha.id);
  });

  it('falls back silently when the person left the chosen practice, and refuses to choose it again', async () => {
    const person = await signedInMember(database, [
      { practice: alpha, role: 'nurse' },
      { practice: zulu, role: 'nurse' },
    ]);
    expect((await choose(person.cookie, alpha.id)).status).toBe(204);
    const cookie = withChoice(person.cookie, alpha.id);
    expect((await shell(cookie)).practiceId).toBe(alpha.id);

    // Deactivation normally ends the sessions too; the cookie must be harmless even if one survives.
    await database.db
      .update(practiceMembers)
      .set({ status: 'deactivated', deactivatedAt: new Date() })
      .where(and(eq(practiceMembers.practiceId, alpha.id), eq(practiceMembers.userId, person.userId)));

    // Next by name is the sign-up practice ("Lakeside Clinic …"), before Zulu.
    expect((await shell(cookie)).practiceId).toBe(person.ownPracticeId);
    expect((await choose(person.cookie, alpha.id)).status).toBe(404);
  });

  it('reports the idle timeout that applies to the session with the practice', async () => {
    const person = await signedInMember(database);
    expect(await shell(person.cookie)).toEqual({ practiceId: person.ownPracticeId, idleTimeoutMinutes: 15 });
  });

  it('resolves the same way for pages (findActiveMembership)', async () => {
    const actor = {
      userId: '019ab8c2-4f6e-7000-8000-0000000000aa',
      practiceIds: [zulu.id, alpha.id],
      memberships: [
        { practiceId: zulu.id, role: 'owner' as const },
        { practiceId: alpha.id, role: 'auditor' as const },
      ],
    };
    expect(await findActiveMembership({ database, actor, preferredPracticeId: zulu.id })).toEqual(actor.memberships[0]);
    expect(await findActiveMembership({ database, actor, preferredPracticeId: null })).toEqual(actor.memberships[1]);
    expect(await findActiveMembership({ database, actor: { ...actor, practiceIds: [], memberships: [] }, preferredPracticeId: zulu.id })).toBeNull();
  });
});
