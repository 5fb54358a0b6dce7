import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { hashPassword } from '@/lib/auth/password-hash';
import type { TPermission, TRole } from '@/lib/auth/permissions';
import { getDatabase, type Database } from '@/lib/db/client';
import { accounts, sessions } from '@/lib/db/schema/auth';
import { patientArgs } from '../../factories/patients';
import { STRONG_PASSWORD } from '../identity/helpers';
import { seedPatient } from '../patients/seed-patient';
import { REMINDER_ROUTE_SPECS } from '../reminders/route-specs';
import { mailboxContents } from './fixture';
import type { HttpMethod, RouteParamValues } from './harness';

/*
 * Every API route and method declares how it is reached (issue #4 §5). route-matrix.test.ts finds
 * the route files on disk and FAILS for an exported method without an entry here, so a new route
 * cannot ship without saying who may call it; then it is tried as every role of its own practice,
 * as every role of another practice, and anonymously.
 *
 * kind:
 * - `public`: anyone, signed in or not (sign-up, health probes, the catch-all 404).
 * - `session`: any signed-in person; anonymous → 401. Acts on the caller's own identity only.
 * - `practice`: names a practice in its URL; anonymous → 401, a non-member (or a deactivated
 *   member) → 404, a member whose role lacks `permission` → 403, otherwise `allowedStatus`.
 * - `delegated`: the handler is a library's, with its own authorization; says why in `reason`.
 */

/** Records a spec's request acts on, seeded in one practice. */
export type SpecSeeder = {
  /** The practice the seeded records belong to. */
  practiceId: string;
  /** A new user who is an active member of the practice with `role`. */
  member: (role: TRole) => Promise<{ userId: string }>;
  /** A new pending invitation of the practice (with its link's token). */
  invitation: (role: TRole) => Promise<{ id: string; token: string; email: string }>;
};

export type SpecContext = {
  /** The practice named in the URL. */
  practiceId: string;
  /**
   * Seeds the records the call acts on: in the URL's practice, except in the matrix's
   * "record of another practice" case, where they belong to a practice other than the URL's.
   */
  seed: SpecSeeder;
};

/** What a spec sends: route params (besides practiceId, which the matrix fills), query and JSON body. */
export type SpecRequest = { params?: RouteParamValues; query?: Record<string, string>; body?: unknown };

type SpecBase = { route: string; method: HttpMethod };

export type PublicSpec = SpecBase & {
  kind: 'public';
  /** The status an anonymous caller gets. */
  anonymousStatus: number;
  /** `ctx` seeds into a scratch practice; the matrix checks that no other practice changes. */
  makeRequest?: (ctx: SpecContext) => SpecRequest | Promise<SpecRequest>;
};

export type SessionSpec = SpecBase & {
  kind: 'session';
  /** The status a signed-in caller gets. */
  signedInStatus: number;
  /** `ctx.practiceId`: a practice the caller is an active member of (for routes that name one in the body). */
  makeRequest?: (ctx: SpecContext) => SpecRequest | Promise<SpecRequest>;
  /**
   * For routes that name a practice in the body: the status when it is a practice the caller does
   * not belong to (`ctx.practiceId` is then another practice's); nothing may change.
   */
  foreignPracticeStatus?: number;
  /** Makes the signed-in caller (a fresh user with a minted session) able to succeed, e.g. a password or a recent re-authentication. */
  prepareCaller?: (env: { database: Database; userId: string; sessionId: string }) => Promise<void>;
};

export type PracticeSpec = SpecBase & {
  kind: 'practice';
  permission: TPermission;
  /** The status a member whose role holds `permission` gets (with the records `makeRequest` seeds). */
  allowedStatus: number;
  makeRequest: (ctx: SpecContext) => SpecRequest | Promise<SpecRequest>;
  /**
   * State outside the database tables the route could change (mail, files), compared before and
   * after a refused call alongside the database snapshot.
   */
  snapshot?: (env: { database: Database; dataDir: string }) => Promise<unknown>;
};

export type DelegatedSpec = SpecBase & { kind: 'delegated'; reason: string };

export type RouteSpec = PublicSpec | SessionSpec | PracticeSpec | DelegatedSpec;

const unique = (): string => randomBytes(4).toString('hex');

const BETTER_AUTH_REASON =
  "better-auth's own handler (sign-in, sign-out, session, two-factor): identity only, never practice data; " +
  'its endpoints and hooks are tested in tests/integration/identity/*, and it cannot reach tenant tables (owner connection on identity tables only, decision 0006).';

/** Invitation mail lands in the development mailbox: a refused invite must not send any. */
const mailbox = ({ dataDir }: { dataDir: string }) => mailboxContents(dataDir);

const CATCH_ALL_METHODS: readonly HttpMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * A patient of the seeder's practice, registered by a new front-desk member through the mutation
 * executor (the one write path). The harness makes the test database the process database for the
 * test file, so `getDatabase()` is that database here.
 */
const seedPatientOf = async (seed: SpecSeeder) => {
  const { userId } = await seed.member('front_desk');
  return seedPatient(await getDatabase(), { practiceId: seed.practiceId, userId });
};

/** The patients REST API (issue #5): reads need patients.read, writes patients.write. */
const PATIENT_SPECS: readonly PracticeSpec[] = [
  {
    route: '/api/v1/practices/[practiceId]/patients',
    method: 'GET',
    kind: 'practice',
    permission: 'patients.read',
    allowedStatus: 200,
    makeRequest: () => ({ query: { limit: '5' } }),
  },
  {
    route: '/api/v1/practices/[practiceId]/patients',
    method: 'POST',
    kind: 'practice',
    permission: 'patients.write',
    allowedStatus: 201,
    // No id: the server makes one, so every allowed role's call registers its own patient.
    makeRequest: ({ practiceId }) => {
      const { id: _id, practiceId: _practiceId, ...body } = patientArgs(practiceId);
      return { body };
    },
  },
  {
    route: '/api/v1/practices/[practiceId]/patients/[patientId]',
    method: 'GET',
    kind: 'practice',
    permission: 'patients.read',
    allowedStatus: 200,
    makeRequest: async ({ seed }) => ({ params: { patientId: (await seedPatientOf(seed)).id } }),
  },
  {
    route: '/api/v1/practices/[practiceId]/patients/[patientId]',
    method: 'PATCH',
    kind: 'practice',
    permission: 'patients.write',
    allowedStatus: 200,
    makeRequest: async ({ seed }) => {
      const patient = await seedPatientOf(seed);
      return {
        params: { patientId: patient.id },
        body: { changes: { city: 'Evanston' }, base: { city: null } },
      };
    },
  },
  {
    route: '/api/v1/practices/[practiceId]/patients/[patientId]/archive',
    method: 'POST',
    kind: 'practice',
    permission: 'patients.write',
    allowedStatus: 200,
    makeRequest: async ({ seed }) => ({ params: { patientId: (await seedPatientOf(seed)).id }, body: { archived: true } }),
  },
];

export const ROUTE_SPECS: readonly RouteSpec[] = [
  // Unmatched /api paths: a typed 404 for everyone.
  ...CATCH_ALL_METHODS.map(
    (method): PublicSpec => ({
      route: '/api/[[...path]]',
      method,
      kind: 'public',
      anonymousStatus: 404,
      makeRequest: () => ({ params: { path: ['v1', 'no-such-thing'] } }),
    }),
  ),
  ...(['GET', 'POST', 'PATCH', 'PUT', 'DELETE'] as const).map(
    (method): DelegatedSpec => ({ route: '/api/auth/[...all]', method, kind: 'delegated', reason: BETTER_AUTH_REASON }),
  ),
  { route: '/api/health', method: 'GET', kind: 'public', anonymousStatus: 200 },
  { route: '/api/health/ready', method: 'GET', kind: 'public', anonymousStatus: 200 },
  {
    route: '/api/v1/signup',
    method: 'POST',
    kind: 'public',
    anonymousStatus: 201,
    makeRequest: () => {
      const suffix = unique();
      return {
        body: {
          name: `Robin Founder ${suffix}`,
          email: `founder-${suffix}@clinic.test`,
          password: STRONG_PASSWORD,
          practiceName: `Hillside Clinic ${suffix}`,
          practiceTimeZone: 'America/Denver',
        },
      };
    },
  },
  {
    route: '/api/v1/invitations/preview',
    method: 'POST',
    kind: 'public',
    anonymousStatus: 200,
    makeRequest: async ({ seed }) => ({ body: { token: (await seed.invitation('nurse')).token } }),
  },
  {
    route: '/api/v1/invitations/accept',
    method: 'POST',
    kind: 'public',
    // Anonymous with a valid link: the invitee creates their account (201).
    anonymousStatus: 201,
    makeRequest: async ({ seed }) => ({
      body: { token: (await seed.invitation('billing')).token, name: `Sam Invitee ${unique()}`, password: STRONG_PASSWORD },
    }),
  },
  { route: '/api/v1/session/activity', method: 'POST', kind: 'session', signedInStatus: 204 },
  { route: '/api/v1/session/active-practice', method: 'GET', kind: 'session', signedInStatus: 200 },
  {
    route: '/api/v1/session/reauthenticate',
    method: 'POST',
    kind: 'session',
    signedInStatus: 200,
    // The fixture's users have no password: give the caller one (no TOTP: the password alone suffices then).
    prepareCaller: async ({ database, userId }) => {
      await database.db
        .insert(accounts)
        .values({ id: uuidv7(), accountId: userId, providerId: 'credential', userId, password: await hashPassword(STRONG_PASSWORD) });
    },
    makeRequest: () => ({ body: { password: STRONG_PASSWORD } }),
  },
  {
    route: '/api/v1/account/email',
    method: 'POST',
    kind: 'session',
    signedInStatus: 200,
    // Changing the email needs a recent re-authentication in this session.
    prepareCaller: async ({ database, sessionId }) => {
      await database.db.update(sessions).set({ reauthenticatedAt: new Date() }).where(eq(sessions.id, sessionId));
    },
    makeRequest: () => ({ body: { email: `renamed-${unique()}@clinic.test` } }),
  },
  {
    route: '/api/v1/session/active-practice',
    method: 'POST',
    kind: 'session',
    signedInStatus: 204,
    foreignPracticeStatus: 404,
    makeRequest: ({ practiceId }) => ({ body: { practiceId } }),
  },
  { route: '/api/v1/session/sign-out-everywhere', method: 'POST', kind: 'session', signedInStatus: 200 },
  // Devices are the caller's own (row-level security by user): tests/integration/devices.
  { route: '/api/v1/devices', method: 'GET', kind: 'session', signedInStatus: 200 },
  {
    route: '/api/v1/devices',
    method: 'POST',
    kind: 'session',
    signedInStatus: 200,
    makeRequest: () => ({ body: { deviceId: uuidv7(), label: 'Chromium on Linux' } }),
  },
  // Someone else's device, or none: 404 either way, revealing nothing.
  {
    route: '/api/v1/devices/[deviceId]/unlock',
    method: 'POST',
    kind: 'session',
    signedInStatus: 404,
    makeRequest: () => ({ params: { deviceId: uuidv7() } }),
  },
  {
    route: '/api/v1/devices/[deviceId]/revoke',
    method: 'POST',
    kind: 'session',
    signedInStatus: 404,
    makeRequest: () => ({ params: { deviceId: uuidv7() } }),
  },
  // Sync: per-mutation and per-practice authorization happens inside push and pull (a refused
  // mutation is a `rejected` result in a 200 answer; another practice's rows never reach a pull):
  // tests/integration/sync/*. Here: anonymous 401, and a signed-in call changes no practice's rows.
  {
    route: '/api/sync/push',
    method: 'POST',
    kind: 'session',
    signedInStatus: 200,
    // A mutation the server does not know: refused without touching any practice.
    makeRequest: () => ({
      body: {
        protocolVersion: 1,
        clientId: uuidv7(),
        mutations: [{ id: 1, name: 'nothing.here', args: {}, createdAt: new Date().toISOString() }],
      },
    }),
  },
  {
    route: '/api/sync/pull',
    method: 'POST',
    kind: 'session',
    signedInStatus: 200,
    makeRequest: () => ({ body: { protocolVersion: 1, clientId: uuidv7(), cursors: {} } }),
  },
  { route: '/api/sync/events', method: 'GET', kind: 'session', signedInStatus: 200 },
  {
    route: '/api/v1/practices/[practiceId]/members',
    method: 'GET',
    kind: 'practice',
    permission: 'members.read',
    allowedStatus: 200,
    makeRequest: () => ({}),
  },
  {
    route: '/api/v1/practices/[practiceId]/members/[userId]',
    method: 'PATCH',
    kind: 'practice',
    permission: 'members.role.write',
    allowedStatus: 200,
    // A front-desk member made billing: a change every holder of members.role.write may make
    // (only owners touch the owner role, see canManageRole).
    makeRequest: async ({ seed }) => ({ params: { userId: (await seed.member('front_desk')).userId }, body: { role: 'billing' } }),
  },
  {
    route: '/api/v1/practices/[practiceId]/members/[userId]/deactivate',
    method: 'POST',
    kind: 'practice',
    permission: 'members.deactivate',
    allowedStatus: 200,
    makeRequest: async ({ seed }) => ({ params: { userId: (await seed.member('nurse')).userId } }),
  },
  {
    route: '/api/v1/practices/[practiceId]/invitations',
    method: 'GET',
    kind: 'practice',
    permission: 'members.invite',
    allowedStatus: 200,
    makeRequest: () => ({}),
  },
  {
    route: '/api/v1/practices/[practiceId]/invitations',
    method: 'POST',
    kind: 'practice',
    permission: 'members.invite',
    allowedStatus: 201,
    makeRequest: () => ({ body: { email: `new-hire-${unique()}@clinic.test`, role: 'nurse' } }),
    snapshot: mailbox,
  },
  {
    route: '/api/v1/practices/[practiceId]/invitations/[invitationId]',
    method: 'DELETE',
    kind: 'practice',
    permission: 'members.invite',
    allowedStatus: 200,
    makeRequest: async ({ seed }) => ({ params: { invitationId: (await seed.invitation('nurse')).id } }),
  },
  {
    route: '/api/v1/practices/[practiceId]/invitations/[invitationId]/resend',
    method: 'POST',
    kind: 'practice',
    permission: 'members.invite',
    allowedStatus: 200,
    makeRequest: async ({ seed }) => ({ params: { invitationId: (await seed.invitation('front_desk')).id } }),
    snapshot: mailbox,
  },
  {
    route: '/api/v1/practices/[practiceId]/settings/security',
    method: 'GET',
    kind: 'practice',
    permission: 'practice.read',
    allowedStatus: 200,
    makeRequest: () => ({}),
  },
  {
    route: '/api/v1/practices/[practiceId]/settings/security',
    method: 'PATCH',
    kind: 'practice',
    permission: 'practice.settings.write',
    allowedStatus: 200,
    // Longer than the default, so the matrix's own sessions never idle out because of it.
    makeRequest: () => ({ body: { idleTimeoutMinutes: 30 } }),
  },
  {
    route: '/api/v1/practices/[practiceId]/audit',
    method: 'GET',
    kind: 'practice',
    permission: 'audit.read',
    allowedStatus: 200,
    makeRequest: () => ({ query: { limit: '20' } }),
  },
  {
    route: '/api/v1/practices/[practiceId]/audit/export',
    method: 'GET',
    kind: 'practice',
    permission: 'audit.export',
    allowedStatus: 200,
    makeRequest: () => ({}),
  },
  ...PATIENT_SPECS,
  // Reminders, patient action links and calendar feeds (issue #7 §7).
  ...REMINDER_ROUTE_SPECS,
];

export const specKey = (spec: { route: string; method: string }): string => `${spec.method} ${spec.route}`;
