import { and, eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '@/lib/audit/append-audit';
import { can, canManageRole, ROLES, type TPermission, type TRole } from '@/lib/auth/permissions';
import { queryRows } from '@/lib/db/client';
import { sessions, type User } from '@/lib/db/schema/auth';
import { practiceInvitations, type PracticeInvitation } from '@/lib/db/schema/invitations';
import { practiceMembers, type PracticeMember } from '@/lib/db/schema/members';
import type { Practice } from '@/lib/db/schema/practices';
import { unsafeSystemTx, withActor } from '@/lib/db/tx';
import { seedMember, seedUser } from '../../factories/identity';
import { seedPractice } from '../../factories/practices';
import { seedInvitation } from './fixture';
import {
  createAccessHarness,
  diffSnapshots,
  endSession,
  listApiRouteFiles,
  loadRoute,
  snapshotDatabase,
  type AccessHarness,
  type CallOptions,
  type HttpMethod,
  type LoadedRoute,
} from './harness';

/*
 * Random (user, practice, resource, operation) quadruples through the real API (issue #4 §5).
 *
 * The world: 3 practices, 10 users with random memberships (each user × practice: none, an active
 * role, or a deactivated role; users 0–2 are the founding owners so every practice keeps one;
 * user 9 belongs nowhere), 2 invitations and 2 audit entries per practice. It is generated once
 * from the seed, so a failure replays exactly.
 *
 * The oracle is the permission matrix plus membership, computed from the database state before
 * the call, independently of the code under test:
 *   not an active member of the URL's practice → 404; the role lacks the permission → 403; the
 *   record is not in the URL's practice → 404; the operation's own rules (only owners touch the
 *   owner role → 403, a practice keeps an active owner / an invitation is still open → 409);
 *   otherwise 2xx with the expected effect.
 * (The brief orders "record not in the URL's practice → 404" before "403": the domain checks the
 * permission first, so a member without the permission gets 403 whatever record they name. That
 * reveals nothing — the answer is the same for a record that exists elsewhere or nowhere — so the
 * oracle follows the code's order.)
 * After every call: no row of a practice the caller is not an active member of has changed; a
 * refused call changed nothing at all; a successful write did exactly what it says, and is then
 * undone so that every run starts from the same world (shrinking stays deterministic).
 *
 * ACCESS_PROPERTY_SEED and ACCESS_PROPERTY_RUNS override the fixed seed and the number of runs.
 */

const SEED = Number(process.env.ACCESS_PROPERTY_SEED ?? 4_4_2026);
const NUM_RUNS = Number(process.env.ACCESS_PROPERTY_RUNS ?? 80);

const PRACTICES = 3;
const USERS = 10;

type ResourceKind = 'practice' | 'member' | 'invitation';

type State = { members: PracticeMember[]; invitations: PracticeInvitation[] };

type Resource = { practiceId: string; id: string };

type Command = {
  actor: number;
  op: Operation;
  resource: Resource;
  /** The practice named in the URL: the resource's own, or any practice. */
  urlPracticeId: string;
  newRole: TRole;
};

type Operation = {
  name: string;
  route: string;
  method: HttpMethod;
  permission: TPermission;
  resource: ResourceKind;
  request: (command: Command) => Pick<CallOptions, 'params' | 'body' | 'query'>;
  /** The answer once the caller is an active member holding the permission. */
  expected?: (command: Command, state: State, actorRole: TRole) => number;
  /** Checks a successful answer and its effect; returns how to undo the effect. */
  verify?: (command: Command, state: State, response: Response) => Promise<(() => Promise<void>) | undefined>;
};

let h: AccessHarness;
const practices: Practice[] = [];
let userIds: string[] = [];
const routes = new Map<string, LoadedRoute>();
const pools: Record<ResourceKind, Resource[]> = { practice: [], member: [], invitation: [] };

const activeOwners = (state: State, practiceId: string) =>
  state.members.filter((m) => m.practiceId === practiceId && m.role === 'owner' && m.status === 'active').length;

const memberIn = (state: State, practiceId: string, userId: string) =>
  state.members.find((m) => m.practiceId === practiceId && m.userId === userId);

const invitationIn = (state: State, practiceId: string, invitationId: string) =>
  state.invitations.find((i) => i.practiceId === practiceId && i.id === invitationId);

const readState = async (): Promise<State> => ({
  members: await h.database.db.select().from(practiceMembers),
  invitations: await h.database.db.select().from(practiceInvitations),
});

/** Writes fixture rows back as they were (setup and undo, not behaviour under test). */
const restoreMember = (row: PracticeMember) => () =>
  unsafeSystemTx(h.database, async (tx) => {
    await tx.execute(sql`select set_config('app.practice_ids', ${row.practiceId}, true)`);
    await tx
      .update(practiceMembers)
      .set({ role: row.role, status: row.status, deactivatedAt: row.deactivatedAt })
      .where(eq(practiceMembers.id, row.id));
  });

const restoreInvitation =
  (row: Pick<PracticeInvitation, 'id' | 'practiceId' | 'status' | 'revokedAt'> & Partial<Pick<PracticeInvitation, 'tokenHash' | 'expiresAt'>>) =>
  () =>
  unsafeSystemTx(h.database, async (tx) => {
    await tx.execute(sql`select set_config('app.practice_ids', ${row.practiceId}, true)`);
    await tx
      .update(practiceInvitations)
      .set({ status: row.status, revokedAt: row.revokedAt, tokenHash: row.tokenHash, expiresAt: row.expiresAt })
      .where(eq(practiceInvitations.id, row.id));
  });

const jsonOf = async <T>(response: Response): Promise<T> => (await response.clone().json()) as T;

/** Member writes: not one's own; only owners touch the owner role; a practice keeps an active owner. */
const memberWriteStatus = (state: State, c: Command, actorRole: TRole, change: 'role' | 'deactivate'): number => {
  const target = memberIn(state, c.urlPracticeId, c.resource.id);
  if (target === undefined) {
    return 404;
  }
  // Nobody changes or deactivates their own membership (another owner or admin does).
  if (c.resource.id === userIds[c.actor]) {
    return 403;
  }
  if (!canManageRole(actorRole, target.role) || (change === 'role' && !canManageRole(actorRole, c.newRole))) {
    return 403;
  }
  const noChange = change === 'role' ? target.role === c.newRole : target.status === 'deactivated';
  if (noChange) {
    return 200;
  }
  return target.role === 'owner' && activeOwners(state, c.urlPracticeId) <= 1 ? 409 : 200;
};

/** Invitation writes: only owners act on an owner invitation; only an open one can change. */
const invitationWriteStatus = (state: State, c: Command, actorRole: TRole): number => {
  const invitation = invitationIn(state, c.urlPracticeId, c.resource.id);
  if (invitation === undefined) {
    return 404;
  }
  if (!canManageRole(actorRole, invitation.role)) {
    return 403;
  }
  return invitation.status === 'pending' ? 200 : 409;
};

const OPERATIONS: readonly Operation[] = [
  {
    name: 'list members',
    route: '/api/v1/practices/[practiceId]/members',
    method: 'GET',
    permission: 'members.read',
    resource: 'practice',
    request: () => ({}),
    verify: async (c, state, response) => {
      // Scoped: exactly the URL's practice's members, never anyone else's.
      const { members } = await jsonOf<{ members: { userId: string }[] }>(response);
      const expected = state.members.filter((m) => m.practiceId === c.urlPracticeId).map((m) => m.userId);
      expect(members.map((m) => m.userId).sort()).toEqual(expected.sort());
      return undefined;
    },
  },
  {
    name: 'change role',
    route: '/api/v1/practices/[practiceId]/members/[userId]',
    method: 'PATCH',
    permission: 'members.role.write',
    resource: 'member',
    request: (c) => ({ params: { userId: c.resource.id }, body: { role: c.newRole } }),
    expected: (c, state, role) => memberWriteStatus(state, c, role, 'role'),
    verify: async (c, state) => {
      const before = memberIn(state, c.urlPracticeId, c.resource.id);
      const after = memberIn(await readState(), c.urlPracticeId, c.resource.id);
      expect(after?.role).toBe(c.newRole);
      return before === undefined ? undefined : restoreMember(before);
    },
  },
  {
    name: 'deactivate member',
    route: '/api/v1/practices/[practiceId]/members/[userId]/deactivate',
    method: 'POST',
    permission: 'members.deactivate',
    resource: 'member',
    request: (c) => ({ params: { userId: c.resource.id } }),
    expected: (c, state, role) => memberWriteStatus(state, c, role, 'deactivate'),
    verify: async (c, state) => {
      const before = memberIn(state, c.urlPracticeId, c.resource.id);
      expect(memberIn(await readState(), c.urlPracticeId, c.resource.id)?.status).toBe('deactivated');
      if (before?.status === 'active') {
        expect(await h.database.db.select().from(sessions).where(eq(sessions.userId, c.resource.id))).toEqual([]);
      }
      return before === undefined ? undefined : restoreMember(before);
    },
  },
  {
    name: 'list invitations',
    route: '/api/v1/practices/[practiceId]/invitations',
    method: 'GET',
    permission: 'members.invite',
    resource: 'practice',
    request: () => ({}),
    verify: async (c, state, response) => {
      const { invitations } = await jsonOf<{ invitations: { id: string }[] }>(response);
      const expected = state.invitations.filter((i) => i.practiceId === c.urlPracticeId && i.status === 'pending').map((i) => i.id);
      expect(invitations.map((i) => i.id).sort()).toEqual(expected.sort());
      return undefined;
    },
  },
  {
    name: 'revoke invitation',
    route: '/api/v1/practices/[practiceId]/invitations/[invitationId]',
    method: 'DELETE',
    permission: 'members.invite',
    resource: 'invitation',
    request: (c) => ({ params: { invitationId: c.resource.id } }),
    expected: (c, state, role) => invitationWriteStatus(state, c, role),
    verify: async (c, state) => {
      const before = invitationIn(state, c.urlPracticeId, c.resource.id);
      expect(invitationIn(await readState(), c.urlPracticeId, c.resource.id)?.status).toBe('revoked');
      return before === undefined ? undefined : restoreInvitation(before);
    },
  },
  {
    name: 'resend invitation',
    route: '/api/v1/practices/[practiceId]/invitations/[invitationId]/resend',
    method: 'POST',
    permission: 'members.invite',
    resource: 'invitation',
    request: (c) => ({ params: { invitationId: c.resource.id } }),
    expected: (c, state, role) => invitationWriteStatus(state, c, role),
    verify: async (c, state) => {
      const before = invitationIn(state, c.urlPracticeId, c.resource.id);
      const after = invitationIn(await readState(), c.urlPracticeId, c.resource.id);
      expect(after?.status).toBe('pending');
      expect(after?.tokenHash).not.toBe(before?.tokenHash);
      return before === undefined ? undefined : restoreInvitation(before);
    },
  },
  {
    name: 'read audit log',
    route: '/api/v1/practices/[practiceId]/audit',
    method: 'GET',
    permission: 'audit.read',
    resource: 'practice',
    request: () => ({ query: { limit: '50' } }),
    verify: async (c, _state, response) => {
      const { entries } = await jsonOf<{ entries: { practiceId: string | null }[] }>(response);
      expect(entries.length).toBeGreaterThan(0);
      expect(entries.every((entry) => entry.practiceId === c.urlPracticeId)).toBe(true);
      return undefined;
    },
  },
  {
    name: 'export audit log',
    route: '/api/v1/practices/[practiceId]/audit/export',
    method: 'GET',
    permission: 'audit.export',
    resource: 'practice',
    request: () => ({}),
    verify: async (c, _state, response) => {
      const csv = await response.clone().text();
      // Every practice's id appears in its own rows only.
      for (const practice of practices) {
        expect(csv.includes(practice.id), practice.id).toBe(practice.id === c.urlPracticeId);
      }
      return undefined;
    },
  },
];

/** Users 0–2 found practices 0–2 (owners), users 3–5 run their office (admins); the rest is drawn. */
const fixedMembership = (user: number, practice: number): { role: TRole; active: boolean } | undefined => {
  if (user === practice) {
    return { role: 'owner', active: true };
  }
  return user === practice + PRACTICES ? { role: 'admin', active: true } : undefined;
};

const membershipArb = fc.option(fc.record({ role: fc.constantFrom(...ROLES), active: fc.boolean() }), { nil: null, freq: 2 });

beforeAll(async () => {
  h = await createAccessHarness();
  for (const file of listApiRouteFiles().filter((f) => OPERATIONS.some((op) => op.route === f.route))) {
    routes.set(file.route, await loadRoute(file));
  }
  // The world, from the seed: memberships[user][practice] (users 0–2 found practices 0–2).
  const [world] = fc.sample(
    fc.record({
      memberships: fc.array(fc.array(membershipArb, { minLength: PRACTICES, maxLength: PRACTICES }), { minLength: USERS, maxLength: USERS }),
      invitationRoles: fc.array(fc.array(fc.constantFrom(...ROLES), { minLength: 2, maxLength: 2 }), {
        minLength: PRACTICES,
        maxLength: PRACTICES,
      }),
    }),
    { seed: SEED, numRuns: 1 },
  );
  if (world === undefined) {
    throw new Error('no world sampled');
  }
  for (let p = 0; p < PRACTICES; p += 1) {
    practices.push(await seedPractice(h.database));
  }
  const users: User[] = [];
  for (let u = 0; u < USERS; u += 1) {
    users.push(await seedUser(h.database));
  }
  userIds = users.map((user) => user.id);
  for (let u = 0; u < USERS; u += 1) {
    for (let p = 0; p < PRACTICES; p += 1) {
      const practice = practices[p] as Practice;
      const user = users[u] as User;
      const userId = user.id;
      const drawn = world.memberships[u]?.[p] ?? null;
      const membership = fixedMembership(u, p) ?? (u === USERS - 1 ? null : drawn);
      if (membership === null) {
        continue;
      }
      await seedMember(h.database, { practice, user, role: membership.role });
      if (!membership.active) {
        await unsafeSystemTx(h.database, async (tx) => {
          await tx.execute(sql`select set_config('app.practice_ids', ${practice.id}, true)`);
          await tx
            .update(practiceMembers)
            .set({ status: 'deactivated', deactivatedAt: new Date() })
            .where(and(eq(practiceMembers.practiceId, practice.id), eq(practiceMembers.userId, userId)));
        });
      }
      pools.member.push({ practiceId: practice.id, id: userId });
    }
  }
  for (let p = 0; p < PRACTICES; p += 1) {
    const practice = practices[p] as Practice;
    const owner = userIds[p] as string;
    // Invitation 0 is to the owner role (only owners may act on it); the last one is revoked already.
    const roles: TRole[] = ['owner', ...(world.invitationRoles[p] ?? [])];
    for (const [index, role] of roles.entries()) {
      const invitation = await seedInvitation(h.database, { practiceId: practice.id, invitedBy: owner, role });
      if (index === roles.length - 1) {
        await restoreInvitation({ id: invitation.id, practiceId: practice.id, status: 'revoked', revokedAt: new Date() })();
      }
      pools.invitation.push({ practiceId: practice.id, ...invitation });
    }
    for (let n = 0; n < 2; n += 1) {
      const entry = await withActor(h.database, { userId: owner, practiceIds: [practice.id] }, (tx) =>
        appendAudit(tx, { practiceId: practice.id, actorUserId: owner, action: 'fixture.seeded', severity: 'info', metadata: { n } }),
      );
      // Practice-level operations take an audit entry of some practice as their resource.
      pools.practice.push({ practiceId: practice.id, id: entry.id });
    }
  }
});

afterAll(async () => {
  await h.dispose();
});

/**
 * Commands, biased towards callers who belong to the URL's practice (in any status): a uniform
 * choice would mostly produce outsiders, whose 404 is the least interesting answer.
 */
const commandArb = (): fc.Arbitrary<Command> =>
  fc
    .record({
      op: fc.constantFrom(...OPERATIONS.filter((op) => routes.has(op.route))),
      pick: fc.nat(),
      samePractice: fc.boolean(),
      anyPractice: fc.integer({ min: 0, max: PRACTICES - 1 }),
      newRole: fc.constantFrom(...ROLES),
    })
    .chain(({ op, pick, samePractice, anyPractice, newRole }) => {
      const pool = pools[op.resource];
      const resource = pool[pick % pool.length] as Resource;
      const urlPracticeId = samePractice ? resource.practiceId : (practices[anyPractice] as Practice).id;
      const insiders = pools.member.filter((m) => m.practiceId === urlPracticeId).map((m) => userIds.indexOf(m.id));
      return fc
        .oneof(
          { weight: 3, arbitrary: fc.constantFrom(...insiders) },
          { weight: 1, arbitrary: fc.integer({ min: 0, max: USERS - 1 }) },
        )
        .map((actor) => labelled({ actor, op, resource, urlPracticeId, newRole }));
    });

/** Counterexamples print as a sentence, not as the operation's functions. */
const labelled = (c: Command): Command => Object.assign(c, { [fc.toStringMethod]: () => describeCommand(c) });

const describeCommand = (c: Command): string =>
  `user ${c.actor} → ${c.op.name} in practice ${practices.findIndex((p) => p.id === c.urlPracticeId)} on ${c.op.resource} of practice ` +
  `${practices.findIndex((p) => p.id === c.resource.practiceId)}${c.op.resource === 'member' ? ` (user ${userIds.indexOf(c.resource.id)}, new role ${c.newRole})` : ''}`;

const operation = (name: string): Operation => {
  const found = OPERATIONS.find((op) => op.name === name);
  if (found === undefined) {
    throw new Error(`no operation ${name}`);
  }
  return found;
};

/**
 * Cases every seed runs first (fast-check `examples`), for the answers random draws reach rarely:
 * the last owner, an admin and an owner invitation, an invitation that is no longer open, a record
 * of another practice, a user of no practice.
 */
const explicitExamples = (): Command[] => {
  const practiceId = (index: number) => (practices[index] as Practice).id;
  const userId = (index: number) => userIds[index] as string;
  const invitationsOf = (index: number) => pools.invitation.filter((i) => i.practiceId === practiceId(index));
  const firstInvitation = invitationsOf(0)[0] as Resource;
  const revokedInvitation = invitationsOf(0).at(-1) as Resource;
  const auditEntryOf0 = pools.practice.find((r) => r.practiceId === practiceId(0)) as Resource;
  const ownerOf0 = { practiceId: practiceId(0), id: userId(0) };
  const examples: Command[] = [
    { actor: 0, op: operation('change role'), resource: ownerOf0, urlPracticeId: practiceId(0), newRole: 'admin' },
    { actor: 0, op: operation('deactivate member'), resource: ownerOf0, urlPracticeId: practiceId(0), newRole: 'nurse' },
    { actor: 3, op: operation('deactivate member'), resource: ownerOf0, urlPracticeId: practiceId(0), newRole: 'nurse' },
    { actor: 3, op: operation('revoke invitation'), resource: firstInvitation, urlPracticeId: practiceId(0), newRole: 'nurse' },
    { actor: 0, op: operation('resend invitation'), resource: revokedInvitation, urlPracticeId: practiceId(0), newRole: 'nurse' },
    { actor: 0, op: operation('revoke invitation'), resource: firstInvitation, urlPracticeId: practiceId(1), newRole: 'nurse' },
    { actor: 3, op: operation('change role'), resource: { practiceId: practiceId(1), id: userId(4) }, urlPracticeId: practiceId(0), newRole: 'billing' },
    { actor: USERS - 1, op: operation('list members'), resource: auditEntryOf0, urlPracticeId: practiceId(0), newRole: 'nurse' },
    { actor: 4, op: operation('read audit log'), resource: auditEntryOf0, urlPracticeId: practiceId(1), newRole: 'nurse' },
    { actor: 4, op: operation('export audit log'), resource: auditEntryOf0, urlPracticeId: practiceId(0), newRole: 'nurse' },
  ];
  return examples.filter((c) => routes.has(c.op.route)).map(labelled);
};

/** The oracle: the status the API must answer, from the state before the call. */
const oracle = (c: Command, state: State, actorId: string): number => {
  const membership = memberIn(state, c.urlPracticeId, actorId);
  if (membership?.status !== 'active') {
    return 404;
  }
  if (!can(membership.role, c.op.permission)) {
    return 403;
  }
  return c.op.expected?.(c, state, membership.role) ?? 200;
};

describe('random (user, practice, resource, operation) through the API', () => {
  it(`answers as the permission matrix and membership say, and never touches another practice (seed ${SEED}, ${NUM_RUNS} runs)`, async () => {
    expect(routes.size, 'operations whose routes exist').toBeGreaterThan(0);
    const codeOf = { 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'CONFLICT' } as Record<number, string>;
    // What the runs exercised (shrinking runs included), so a vacuous pass shows.
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(commandArb(), async (c) => {
        const actorId = userIds[c.actor] as string;
        const label = describeCommand(c);
        const { sessionId, cookie } = await h.mintSession(actorId);
        const state = await readState();
        const expected = oracle(c, state, actorId);
        seen.set(`${c.op.name} → ${expected}`, (seen.get(`${c.op.name} → ${expected}`) ?? 0) + 1);
        const outsideScope = practices
          .map((p) => p.id)
          .filter((id) => memberIn(state, id, actorId)?.status !== 'active');
        const everything = await snapshotDatabase(h.database);
        const others = await snapshotDatabase(h.database, { practiceIds: outsideScope });

        const route = routes.get(c.op.route) as LoadedRoute;
        const request = c.op.request(c);
        const response = await h.call(route, { ...request, method: c.op.method, cookie, params: { practiceId: c.urlPracticeId, ...request.params } });

        let undo: (() => Promise<void>) | undefined;
        try {
          expect(response.status, `${label}: ${await response.clone().text()}`).toBe(expected);
          if (expected >= 400) {
            expect((await jsonOf<{ error: { code: string } }>(response)).error.code, label).toBe(codeOf[expected]);
            expect(diffSnapshots(everything, await snapshotDatabase(h.database)), `${label}: a refused call changed rows`).toEqual({});
          } else {
            undo = await c.op.verify?.(c, state, response);
          }
          expect(diffSnapshots(others, await snapshotDatabase(h.database, { practiceIds: outsideScope })), `${label}: rows of a practice the caller is not in changed`).toEqual({});
        } finally {
          await undo?.();
          await endSession(h.database, sessionId);
        }
      }),
      { seed: SEED, numRuns: NUM_RUNS, examples: explicitExamples().map((c) => [c]) },
    );
    console.log([...seen].sort().map(([k, n]) => `${k}: ${n}`).join('\n'));
    const statuses = new Set([...seen.keys()].map((key) => Number(key.split(' → ')[1])));
    expect([...statuses].sort()).toEqual(expect.arrayContaining([200, 403, 404, ...(explicitExamples().length > 0 ? [409] : [])]));
  });

  it('the world has what the property needs: every operation, refusals and successes of each kind', async () => {
    // Guards against a world so sparse that the property passes vacuously.
    const state = await readState();
    expect(pools.member.length).toBeGreaterThan(8);
    expect(state.members.some((m) => m.status === 'deactivated')).toBe(true);
    expect(state.members.filter((m) => m.userId === userIds[USERS - 1])).toEqual([]);
    const [{ n } = { n: 0 }] = await queryRows<{ n: number }>(h.database.db, sql`select count(*)::int as n from audit_log where action = 'fixture.seeded'`);
    expect(n).toBe(PRACTICES * 2);
    const statuses = new Set<number>();
    fc.sample(commandArb(), { seed: SEED, numRuns: NUM_RUNS }).forEach((c) => statuses.add(oracle(c, state, userIds[c.actor] as string)));
    expect([...statuses].sort()).toEqual(expect.arrayContaining([200, 403, 404]));
  });
});
