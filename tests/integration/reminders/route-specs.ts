import { getDatabase } from '@/lib/db/client';
import { createCalendarFeed } from '@/lib/domain/reminders/create-calendar-feed';
import type { PracticeSpec, PublicSpec, SpecSeeder } from '../access/route-specs';
import { issueTokensFor, seedBookedAppointment, seedProvider } from './fixture';

/*
 * Access specs of the reminder routes (issue #7 §7) for the route × role matrix
 * (tests/integration/access/route-matrix.test.ts, which reads them through ROUTE_SPECS).
 * The public routes take a secret token (action link, calendar feed): anonymous callers succeed with
 * a real one, seeded in the matrix's scratch practice. Feed management is practice.settings.write
 * (owner, admin); the provider's own calendar is tested in tests/integration/reminders.
 */

const FEED_ROUTE = '/api/v1/practices/[practiceId]/providers/[providerId]/calendar-feed';
const REQUEST = { requestId: 'req-matrix', ipAddress: null, userAgent: 'vitest' };

/** A provider of the seeder's practice (a new provider member, saved by a new owner). */
const seedProviderOf = async (seed: SpecSeeder) => {
  const owner = await seed.member('owner');
  const providerUser = await seed.member('provider');
  const providerId = await seedProvider(await getDatabase(), { practiceId: seed.practiceId, ownerUserId: owner.userId, providerUserId: providerUser.userId });
  return { providerId, owner };
};

/** A booked appointment two days ahead (real time) in the seeder's practice, with its link tokens. */
const seedActionTokens = async (seed: SpecSeeder) => {
  const database = await getDatabase();
  const owner = await seed.member('owner');
  const providerUser = await seed.member('provider');
  const booked = await seedBookedAppointment(database, { practiceId: seed.practiceId, ownerUserId: owner.userId, providerUserId: providerUser.userId });
  return issueTokensFor(database, { practiceId: seed.practiceId, appointmentId: booked.appointmentId, startsAt: booked.startsAt });
};

export const REMINDER_ROUTE_SPECS: readonly (PracticeSpec | PublicSpec)[] = [
  {
    route: '/api/v1/appointment-actions/preview',
    method: 'POST',
    kind: 'public',
    anonymousStatus: 200,
    makeRequest: async ({ seed }) => ({ body: { token: (await seedActionTokens(seed)).cancel } }),
  },
  {
    route: '/api/v1/appointment-actions',
    method: 'POST',
    kind: 'public',
    anonymousStatus: 200,
    makeRequest: async ({ seed }) => ({ body: { token: (await seedActionTokens(seed)).confirm } }),
  },
  {
    route: '/api/v1/calendar-feeds/[token]',
    method: 'GET',
    kind: 'public',
    anonymousStatus: 200,
    makeRequest: async ({ seed }) => {
      const { providerId, owner } = await seedProviderOf(seed);
      const feed = await createCalendarFeed({
        database: await getDatabase(),
        actor: { userId: owner.userId, memberships: [{ practiceId: seed.practiceId, role: 'owner' }] },
        practiceId: seed.practiceId,
        providerId,
        appUrl: 'http://localhost',
        request: REQUEST,
      });
      return { params: { token: feed.url.split('/').pop() ?? '' } };
    },
  },
  {
    route: FEED_ROUTE,
    method: 'POST',
    kind: 'practice',
    permission: 'practice.settings.write',
    allowedStatus: 201,
    makeRequest: async ({ seed }) => ({ params: { providerId: (await seedProviderOf(seed)).providerId } }),
  },
  {
    route: FEED_ROUTE,
    method: 'DELETE',
    kind: 'practice',
    permission: 'practice.settings.write',
    allowedStatus: 200,
    // A provider with a live feed, so an allowed call really revokes something.
    makeRequest: async ({ seed }) => {
      const { providerId, owner } = await seedProviderOf(seed);
      await createCalendarFeed({
        database: await getDatabase(),
        actor: { userId: owner.userId, memberships: [{ practiceId: seed.practiceId, role: 'owner' }] },
        practiceId: seed.practiceId,
        providerId,
        appUrl: 'http://localhost',
        request: REQUEST,
      });
      return { params: { providerId } };
    },
  },
  {
    route: '/api/v1/practices/[practiceId]/settings/reminders',
    method: 'GET',
    kind: 'practice',
    permission: 'practice.read',
    allowedStatus: 200,
    makeRequest: () => ({}),
  },
  {
    route: '/api/v1/practices/[practiceId]/settings/reminders',
    method: 'PATCH',
    kind: 'practice',
    permission: 'practice.settings.write',
    allowedStatus: 200,
    makeRequest: () => ({ body: { reminderLeadHours: 48 } }),
  },
];
