import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, ROLES, type TRole } from '@/lib/auth/permissions';
import type { Practice } from '@/lib/db/schema/practices';
import { seedStaff } from '../../factories/identity';
import { seedPractice } from '../../factories/practices';
import { createSeeder, deactivateMembership } from './fixture';
import {
  createAccessHarness,
  diffSnapshots,
  errorCodeOf,
  HTTP_METHODS,
  listApiRouteFiles,
  loadRoute,
  routeParamNames,
  snapshotDatabase,
  type AccessHarness,
  type LoadedRoute,
} from './harness';
import {
  ROUTE_SPECS,
  specKey,
  type PracticeSpec,
  type PublicSpec,
  type SessionSpec,
  type SpecContext,
  type SpecRequest,
} from './route-specs';

/*
 * The generated route × role matrix (issue #4 §5). Route files are found on disk, every exported
 * method must have a spec (route-specs.ts), and each practice-scoped route is called through its
 * real module:
 *   - by a member of the practice in each of the 7 roles: 403 exactly when the role lacks the
 *     route's permission (then nothing changes), the route's success status otherwise, and a write
 *     into practice A never touches another practice's rows;
 *   - by a member of another practice in each role, with practice A's ids: 404, nothing changes;
 *   - by a deactivated member (owner role): 404, nothing changes;
 *   - naming practice A but a record of practice B, as A's owner: 404, nothing changes;
 *   - anonymously: 401, nothing changes.
 * "Nothing changes" compares every row of every table (harness.ts, snapshotDatabase).
 */

const ROUTE_FILES = listApiRouteFiles();
const EXISTING_ROUTES = new Set(ROUTE_FILES.map((file) => file.route));
const present = <T extends { route: string }>(spec: T) => EXISTING_ROUTES.has(spec.route);

const PRACTICE_SPECS = ROUTE_SPECS.filter((spec): spec is PracticeSpec => spec.kind === 'practice').filter(present);
const SESSION_SPECS = ROUTE_SPECS.filter((spec): spec is SessionSpec => spec.kind === 'session').filter(present);
const PUBLIC_SPECS = ROUTE_SPECS.filter((spec): spec is PublicSpec => spec.kind === 'public').filter(present);

type Caller = { userId: string; sessionId: string; cookie: string };

let h: AccessHarness;
const routes = new Map<string, LoadedRoute>();
let practiceA: Practice;
let practiceB: Practice;
const membersOfA = {} as Record<TRole, Caller>;
const membersOfB = {} as Record<TRole, Caller>;
let deactivatedOwnerOfA: Caller;
let contextA: SpecContext;
let contextAWithRecordsOfB: SpecContext;
let contextB: SpecContext;
/** Public routes (sign-up, invitation links) seed into and write to this third practice only. */
let scratchContext: SpecContext;

const signedIn = async (userId: string): Promise<Caller> => ({ userId, ...(await h.mintSession(userId)) });

beforeAll(async () => {
  h = await createAccessHarness();
  for (const loaded of await Promise.all(ROUTE_FILES.map(loadRoute))) {
    routes.set(loaded.route, loaded);
  }
  practiceA = await seedPractice(h.database);
  practiceB = await seedPractice(h.database);
  for (const role of ROLES) {
    membersOfA[role] = await signedIn((await seedStaff(h.database, practiceA, role)).userId);
    membersOfB[role] = await signedIn((await seedStaff(h.database, practiceB, role)).userId);
  }
  const leaver = await seedStaff(h.database, practiceA, 'owner');
  await deactivateMembership(h.database, { practiceId: practiceA.id, userId: leaver.userId });
  deactivatedOwnerOfA = await signedIn(leaver.userId);
  contextA = { practiceId: practiceA.id, seed: createSeeder(h.database, practiceA, membersOfA.owner.userId) };
  contextAWithRecordsOfB = { practiceId: practiceA.id, seed: createSeeder(h.database, practiceB, membersOfB.owner.userId) };
  contextB = { practiceId: practiceB.id, seed: createSeeder(h.database, practiceB, membersOfB.owner.userId) };
  const scratch = await seedPractice(h.database);
  const scratchOwner = await seedStaff(h.database, scratch, 'owner');
  scratchContext = { practiceId: scratch.id, seed: createSeeder(h.database, scratch, scratchOwner.userId) };
});

afterAll(async () => {
  await h.dispose();
});

const routeOf = (spec: { route: string; method: string }): LoadedRoute => {
  const route = routes.get(spec.route);
  if (route?.handlers[spec.method as keyof LoadedRoute['handlers']] === undefined) {
    throw new Error(`${specKey(spec)}: no such route file or exported method (stale spec?)`);
  }
  return route;
};

const call = (spec: PracticeSpec | SessionSpec | PublicSpec, request: SpecRequest, caller: Caller | null, practiceId?: string) =>
  h.call(routeOf(spec), {
    method: spec.method,
    params: { ...(practiceId === undefined ? {} : { practiceId }), ...request.params },
    query: request.query,
    body: request.body,
    cookie: caller?.cookie,
  });

/** A practice spec's request for `ctx`, checked to fill every route param. */
const practiceRequest = async (spec: PracticeSpec, ctx: SpecContext): Promise<SpecRequest> => {
  const request = await spec.makeRequest(ctx);
  const missing = routeParamNames(spec.route).filter((name) => name !== 'practiceId' && request.params?.[name] === undefined);
  expect(missing, `${specKey(spec)}: makeRequest must supply route params`).toEqual([]);
  return request;
};

/** Calls and expects a refusal with `status`/`code`, and that no row anywhere (nor the spec's own state) changed. */
const expectRefusedWithoutChange = async (
  spec: PracticeSpec | SessionSpec,
  request: SpecRequest,
  caller: Caller | null,
  expected: { status: number; code: string },
  practiceId?: string,
) => {
  const extra = spec.kind === 'practice' ? spec.snapshot : undefined;
  const env = { database: h.database, dataDir: h.dataDir };
  const before = await snapshotDatabase(h.database);
  const extraBefore = await extra?.(env);
  const response = await call(spec, request, caller, practiceId);
  const label = `${specKey(spec)} (${caller === null ? 'anonymous' : caller.userId})`;
  expect({ status: response.status, code: await errorCodeOf(response) }, label).toEqual(expected);
  expect(diffSnapshots(before, await snapshotDatabase(h.database)), `${label}: rows changed`).toEqual({});
  if (extra !== undefined) {
    expect(await extra(env), `${label}: state changed`).toEqual(extraBefore);
  }
};

describe('every API route declares who may call it', () => {
  it('every route module loads', () => {
    const failed = [...routes.values()].filter((route) => route.error !== undefined).map((route) => `${route.route}: ${route.error}`);
    expect(failed).toEqual([]);
  });

  it('every exported method of every route file has a spec in route-specs.ts', () => {
    const declared = new Set(ROUTE_SPECS.map(specKey));
    const missing = [...routes.values()].flatMap((route) =>
      HTTP_METHODS.filter((method) => route.handlers[method] !== undefined)
        .map((method) => specKey({ route: route.route, method }))
        .filter((key) => !declared.has(key)),
    );
    if (missing.length > 0) {
      console.error(`Routes without an access spec (add them to tests/integration/access/route-specs.ts):\n  ${missing.join('\n  ')}`);
    }
    expect(missing, 'routes without an access spec').toEqual([]);
  });

  it('every spec names a route file and a method it exports', () => {
    const stale = ROUTE_SPECS.filter((spec) => routes.get(spec.route)?.handlers[spec.method] === undefined).map(specKey);
    expect(stale, 'specs for routes or methods that do not exist').toEqual([]);
  });

  it('the spec table has one entry per route and method', () => {
    const keys = ROUTE_SPECS.map(specKey);
    expect(keys.filter((key, index) => keys.indexOf(key) !== index)).toEqual([]);
  });

  it('practice routes name the practice in the URL, and delegated routes say why', () => {
    for (const spec of ROUTE_SPECS) {
      if (spec.kind === 'practice') {
        expect(routeParamNames(spec.route), specKey(spec)).toContain('practiceId');
      }
      if (spec.kind === 'delegated') {
        expect(spec.reason.length, specKey(spec)).toBeGreaterThan(20);
      }
    }
  });
});

describe.each(PRACTICE_SPECS.map((spec) => [specKey(spec), spec] as const))('%s', (_key, spec) => {
  it.each(ROLES.map((role) => [role, can(role, spec.permission)] as const))(
    `as %s of the practice (holds ${spec.permission}: %s)`,
    async (role, allowed) => {
      const request = await practiceRequest(spec, contextA);
      if (!allowed) {
        await expectRefusedWithoutChange(spec, request, membersOfA[role], { status: 403, code: 'FORBIDDEN' }, practiceA.id);
        return;
      }
      const others = async () => snapshotDatabase(h.database, { practiceIds: [practiceB.id] });
      const before = await others();
      const response = await call(spec, request, membersOfA[role], practiceA.id);
      expect(response.status, `${role}: ${await response.clone().text()}`).toBe(spec.allowedStatus);
      expect(diffSnapshots(before, await others()), 'another practice changed').toEqual({});
    },
  );

  it.each(ROLES)('as %s of another practice, with this practice’s ids: 404, nothing changes', async (role) => {
    const request = await practiceRequest(spec, contextA);
    await expectRefusedWithoutChange(spec, request, membersOfB[role], { status: 404, code: 'NOT_FOUND' }, practiceA.id);
  });

  it('as a deactivated member (owner role): 404, nothing changes', async () => {
    const request = await practiceRequest(spec, contextA);
    await expectRefusedWithoutChange(spec, request, deactivatedOwnerOfA, { status: 404, code: 'NOT_FOUND' }, practiceA.id);
  });

  it('anonymous: 401, nothing changes', async () => {
    const request = await practiceRequest(spec, contextA);
    await expectRefusedWithoutChange(spec, request, null, { status: 401, code: 'UNAUTHENTICATED' }, practiceA.id);
  });

  it.runIf(routeParamNames(spec.route).length > 1)(
    'as the owner, naming this practice but a record of another practice: 404, nothing changes',
    async () => {
      const request = await practiceRequest(spec, contextAWithRecordsOfB);
      await expectRefusedWithoutChange(spec, request, membersOfA.owner, { status: 404, code: 'NOT_FOUND' }, practiceA.id);
    },
  );
});

describe.each(SESSION_SPECS.map((spec) => [specKey(spec), spec] as const))('%s', (_key, spec) => {
  it('anonymous: 401, nothing changes', async () => {
    await expectRefusedWithoutChange(spec, (await spec.makeRequest?.(contextB)) ?? {}, null, { status: 401, code: 'UNAUTHENTICATED' });
  });

  it(`signed in: ${spec.signedInStatus}, and no practice's records change`, async () => {
    // A fresh member of B (sign-out-everywhere ends the caller's sessions).
    const caller = await signedIn((await seedStaff(h.database, practiceB, 'nurse')).userId);
    await spec.prepareCaller?.({ database: h.database, userId: caller.userId, sessionId: caller.sessionId });
    const practices = async () => snapshotDatabase(h.database, { practiceIds: [practiceA.id, practiceB.id] });
    const before = await practices();
    const response = await call(spec, (await spec.makeRequest?.(contextB)) ?? {}, caller);
    expect(response.status, await response.clone().text()).toBe(spec.signedInStatus);
    expect(diffSnapshots(before, await practices())).toEqual({});
  });

  it.runIf(spec.foreignPracticeStatus !== undefined)(
    `naming a practice the caller does not belong to: ${spec.foreignPracticeStatus}, nothing changes`,
    async () => {
      for (const role of ROLES) {
        await expectRefusedWithoutChange(spec, (await spec.makeRequest?.(contextA)) ?? {}, membersOfB[role], {
          status: spec.foreignPracticeStatus ?? 0,
          code: 'NOT_FOUND',
        });
      }
      await expectRefusedWithoutChange(spec, (await spec.makeRequest?.(contextA)) ?? {}, deactivatedOwnerOfA, {
        status: spec.foreignPracticeStatus ?? 0,
        code: 'NOT_FOUND',
      });
    },
  );
});

describe.each(PUBLIC_SPECS.map((spec) => [specKey(spec), spec] as const))('%s', (_key, spec) => {
  it(`anonymous: ${spec.anonymousStatus}, and existing practices' records do not change`, async () => {
    const practices = async () => snapshotDatabase(h.database, { practiceIds: [practiceA.id, practiceB.id] });
    const request = (await spec.makeRequest?.(scratchContext)) ?? {};
    const before = await practices();
    const response = await call(spec, request, null);
    expect(response.status, await response.clone().text()).toBe(spec.anonymousStatus);
    expect(diffSnapshots(before, await practices())).toEqual({});
  });
});
