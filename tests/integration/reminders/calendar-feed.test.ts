import { and, asc, eq } from 'drizzle-orm';
import ical, { type VEvent } from 'node-ical';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/api/errors';
import type { Database } from '@/lib/db/client';
import { auditLog } from '@/lib/db/schema/audit';
import { calendarFeedTokens } from '@/lib/db/schema/reminders';
import { createCalendarFeed } from '@/lib/domain/reminders/create-calendar-feed';
import { getCalendarFeed } from '@/lib/domain/reminders/get-calendar-feed';
import { hashLinkToken } from '@/lib/domain/reminders/link-token';
import { revokeCalendarFeed } from '@/lib/domain/reminders/revoke-calendar-feed';
import { seedStaff } from '../../factories/identity';
import { seedPractice } from '../../factories/practices';
import { deactivateMembership } from '../access/fixture';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { APP_URL, chicago, seedReminderPractice, type ReminderFixture } from './fixture';

/*
 * A provider's calendar subscription (issue #7 §7): valid iCalendar that a real parser reads, the
 * provider's appointments from 30 days back to 180 ahead with their status and place and no patient
 * names; created and revoked by owner/admin or the provider themself, audited; a revoked feed, or one
 * whose provider left the practice, answers 404.
 */

let t: TestDatabase;
let database: Database;
let f: ReminderFixture;
const REQUEST = { requestId: 'req-feed', ipAddress: '127.0.0.1', userAgent: 'vitest' };
const NOW = new Date(chicago('2027-04-05', '12:00'));

beforeAll(async () => {
  t = await createTestDatabase();
  database = t.database;
  f = await seedReminderPractice(database);
});
afterAll(async () => {
  await t.dispose();
});

const tokenOf = (url: string): string => url.split('/').pop() ?? '';
const eventsOf = (text: string): VEvent[] => Object.values(ical.sync.parseICS(text)).filter((c): c is VEvent => c?.type === 'VEVENT');
const text = (value: unknown): string => (typeof value === 'object' && value !== null && 'val' in value ? String(value.val) : String(value));
const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return (error as AppError).code;
};
const create = (actor: { userId: string; memberships: readonly { practiceId: string; role: never }[] } | typeof f.owner, providerIndex: 0 | 1 = 0) =>
  createCalendarFeed({ database, actor, practiceId: f.practice.id, providerId: f.ids.providers[providerIndex], appUrl: APP_URL, request: REQUEST });

describe('calendar feeds', () => {
  it('serves the provider’s appointments in the window as iCalendar node-ical reads, without patient names', async () => {
    const inWindow = await f.book(chicago('2027-04-06', '09:00'), { patient: 0 });
    const confirmed = await f.book(chicago('2027-04-06', '10:00'), { patient: 1 });
    await f.transition(confirmed, 'booked', 'confirmed');
    const cancelled = await f.book(chicago('2027-04-06', '11:00'), { patient: 2 });
    await f.transition(cancelled, 'booked', 'cancelled', 'Patient called');
    const recent = await f.book(chicago('2027-03-10', '09:00'), { patient: 3 }); // 26 days back
    const tooOld = await f.book(chicago('2027-02-26', '09:00'), { patient: 0 }); // 38 days back
    const tooFar = await f.book(chicago('2027-10-05', '09:00'), { patient: 1 }); // 183 days ahead
    const colleagues = await f.book(chicago('2027-04-06', '09:00'), { patient: 2, provider: 1 });
    const procedure = f.booking({
      patientId: f.emailPatients[3]?.id,
      typeId: f.ids.procedure,
      roomId: f.ids.rooms[0],
      startsAt: chicago('2027-04-07', '09:00'),
      endsAt: chicago('2027-04-07', '10:00'),
      notes: 'Fasting since midnight',
    });
    expect((await f.desk.push([f.desk.envelope('appointments.book', procedure)])).results.map((r) => r.status)).toEqual(['applied']);

    const created = await create(f.owner);
    expect(created.url).toMatch(new RegExp(`^${APP_URL}/api/v1/calendar-feeds/[A-Za-z0-9_-]{43}$`));
    expect(created.webcalUrl).toBe(created.url.replace(/^https:/, 'webcal:'));
    const feed = await getCalendarFeed({ database, token: tokenOf(created.url), now: NOW });

    expect(feed.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(feed.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const events = eventsOf(feed);
    const byId = new Map(events.map((event) => [event.uid.replace(/@openpractice$/, ''), event]));
    expect([...byId.keys()].sort()).toEqual([inWindow, confirmed, cancelled, recent, procedure.id].sort());
    for (const absent of [tooOld, tooFar, colleagues]) {
      expect(byId.has(absent)).toBe(false);
    }
    expect(text(byId.get(inWindow)?.summary)).toBe('Appointment (Booked)');
    expect(byId.get(inWindow)?.status).toBe('TENTATIVE');
    expect(text(byId.get(confirmed)?.summary)).toBe('Appointment (Confirmed)');
    expect(byId.get(cancelled)?.status).toBe('CANCELLED');
    expect(byId.get(inWindow)?.start.toISOString()).toBe(chicago('2027-04-06', '09:00'));
    expect(text(byId.get(inWindow)?.location)).toBe(f.location.name);
    expect(text(byId.get(procedure.id)?.location)).toBe(`${f.location.name} – Room 1`);

    for (const patient of f.emailPatients) {
      for (const secret of [patient.givenName, patient.familyName, patient.email ?? '?']) {
        expect(feed).not.toContain(secret);
      }
    }
    for (const secret of ['Consultation', 'Procedure', 'Fasting', 'Patient called']) {
      expect(feed).not.toContain(secret);
    }
  });

  it('stores only the token’s hash, rotates on a new address and stops on revoke, auditing both', async () => {
    const first = await create(f.owner, 1);
    const [stored] = await database.db.select().from(calendarFeedTokens).where(eq(calendarFeedTokens.tokenHash, hashLinkToken(tokenOf(first.url))));
    expect(stored).toMatchObject({ providerId: f.ids.providers[1], createdBy: f.owner.userId, revokedAt: null });
    expect(JSON.stringify(stored)).not.toContain(tokenOf(first.url));

    const second = await create(f.owner, 1);
    expect(await refusal(getCalendarFeed({ database, token: tokenOf(first.url), now: NOW }))).toBe('NOT_FOUND');
    expect(eventsOf(await getCalendarFeed({ database, token: tokenOf(second.url), now: NOW })).length).toBeGreaterThan(0);

    expect(await revokeCalendarFeed({ database, actor: f.owner, practiceId: f.practice.id, providerId: f.ids.providers[1], request: REQUEST })).toEqual({ revoked: true });
    expect(await refusal(getCalendarFeed({ database, token: tokenOf(second.url), now: NOW }))).toBe('NOT_FOUND');
    expect(await revokeCalendarFeed({ database, actor: f.owner, practiceId: f.practice.id, providerId: f.ids.providers[1], request: REQUEST })).toEqual({ revoked: false });

    const entries = await database.db
      .select({ action: auditLog.action, metadata: auditLog.metadata, actor: auditLog.actorUserId })
      .from(auditLog)
      .where(and(eq(auditLog.practiceId, f.practice.id), eq(auditLog.targetId, f.ids.providers[1])))
      .orderBy(asc(auditLog.seq));
    const feedEntries = entries.filter((e) => e.action.startsWith('calendar_feed.'));
    expect(feedEntries.map((e) => e.action)).toEqual(['calendar_feed.created', 'calendar_feed.created', 'calendar_feed.revoked']);
    expect(feedEntries.every((e) => e.actor === f.owner.userId)).toBe(true);
    expect(JSON.stringify(feedEntries)).not.toContain(tokenOf(second.url));
  });

  it('lets owner, admin and the provider themself manage a feed; other roles are refused, other practices see nothing', async () => {
    const admin = await seedStaff(database, f.practice, 'admin');
    expect((await create(admin)).url).toBeTruthy();
    // The first provider, for their own calendar; not for a colleague's.
    const self = { userId: f.providerUsers[0]?.userId ?? '', memberships: [{ practiceId: f.practice.id, role: 'provider' as const }] };
    expect((await create(self, 0)).url).toBeTruthy();
    expect(await refusal(create(self, 1))).toBe('FORBIDDEN');
    for (const role of ['front_desk', 'nurse', 'billing', 'auditor'] as const) {
      const member = await seedStaff(database, f.practice, role);
      expect(await refusal(create(member)), role).toBe('FORBIDDEN');
      expect(await refusal(revokeCalendarFeed({ database, actor: member, practiceId: f.practice.id, providerId: f.ids.providers[0], request: REQUEST })), role).toBe('FORBIDDEN');
    }
    const elsewhere = await seedStaff(database, await seedPractice(database), 'owner');
    expect(await refusal(create(elsewhere))).toBe('NOT_FOUND');
    // Its own practice in the URL, but this practice's provider: not found there.
    expect(
      await refusal(createCalendarFeed({ database, actor: elsewhere, practiceId: elsewhere.memberships[0]?.practiceId ?? '', providerId: f.ids.providers[0], appUrl: APP_URL, request: REQUEST })),
    ).toBe('NOT_FOUND');
  });

  it('stops serving the feed of a provider who is no longer an active member', async () => {
    const created = await create(f.owner, 0);
    expect(eventsOf(await getCalendarFeed({ database, token: tokenOf(created.url), now: NOW })).length).toBeGreaterThan(0);
    await deactivateMembership(database, { practiceId: f.practice.id, userId: f.providerUsers[0]?.userId ?? '' });
    expect(await refusal(getCalendarFeed({ database, token: tokenOf(created.url), now: NOW }))).toBe('NOT_FOUND');
  });
});
