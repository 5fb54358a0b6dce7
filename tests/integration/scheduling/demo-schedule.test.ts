import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@/lib/config/env';
import { auditLog } from '@/lib/db/schema/audit';
import { users } from '@/lib/db/schema/auth';
import { appMeta } from '@/lib/db/schema/platform';
import { locations, practices } from '@/lib/db/schema/practices';
import {
  appointmentSeries,
  appointmentTypes,
  appointments,
  holidays,
  providers,
  rooms,
  scheduleExceptions,
  waitlistEntries,
  workingHours,
  type Appointment,
} from '@/lib/db/schema/scheduling';
import { syncClients } from '@/lib/db/schema/sync';
import { DEMO_PRACTICES } from '@/lib/db/seed/demo';
import { DEMO_ACCOUNTS } from '@/lib/domain/identity/demo-staff';
import { isWithinWorkingHours, workingIntervals } from '@/lib/domain/scheduling/availability';
import { DEMO_SCHEDULE_SEEDED_KEY, seedDemoSchedule } from '@/lib/domain/scheduling/demo-schedule';
import { DEMO_DAYS_AHEAD, DEMO_DAYS_BACK } from '@/lib/domain/scheduling/demo-schedule-plan';
import { ACTIVE_STATUSES } from '@/lib/domain/scheduling/status';
import { addDays, instantToZoned, isoWeekday } from '@/lib/domain/scheduling/zoned-time';
import { loadDemoData } from '../../../scripts/lib/prepare-database';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { APP_URL, TEST_AUTH_SECRET } from '../identity/helpers';

// The demo schedule as `npm start` loads it (loadDemoData, after the demo practices, staff and
// patients), on a fresh database of either driver: three months of appointments around the moment
// of loading, every one through the executors, and never loaded twice.

let t: TestDatabase;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'openpractice-demo-schedule-'));
const config = loadConfig({ DATA_DIR: dataDir, AUTH_SECRET: TEST_AUTH_SECRET, APP_URL });
/** The load ran between these instants: statuses are judged against them. */
let loadStarted: Date;
let loadEnded: Date;

beforeAll(async () => {
  t = await createTestDatabase();
  loadStarted = new Date();
  expect(await loadDemoData(t.database, config)).toBe(true);
  loadEnded = new Date();
}, 240_000);
afterAll(async () => {
  await t.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

const demoPractices = async () =>
  t.database.db
    .select()
    .from(practices)
    .where(inArray(practices.slug, DEMO_PRACTICES.map((p) => p.slug)))
    .orderBy(asc(practices.slug));

/** Everything the checks below read about one practice's calendar. */
const calendarOf = async (practiceId: string) => {
  const { db } = t.database;
  return {
    locations: await db.select().from(locations).where(eq(locations.practiceId, practiceId)),
    providers: await db.select().from(providers).where(eq(providers.practiceId, practiceId)),
    rooms: await db.select().from(rooms).where(eq(rooms.practiceId, practiceId)),
    types: await db.select().from(appointmentTypes).where(eq(appointmentTypes.practiceId, practiceId)),
    workingHours: await db.select().from(workingHours).where(eq(workingHours.practiceId, practiceId)),
    exceptions: await db.select().from(scheduleExceptions).where(eq(scheduleExceptions.practiceId, practiceId)),
    holidays: await db.select().from(holidays).where(eq(holidays.practiceId, practiceId)),
    series: await db.select().from(appointmentSeries).where(eq(appointmentSeries.practiceId, practiceId)),
    waitlist: await db.select().from(waitlistEntries).where(eq(waitlistEntries.practiceId, practiceId)),
    appointments: await db.select().from(appointments).where(eq(appointments.practiceId, practiceId)).orderBy(asc(appointments.startsAt)),
  };
};

const accountId = async (role: 'owner' | 'provider') => {
  const email = DEMO_ACCOUNTS.find((account) => account.role === role)?.email ?? '';
  const [row] = await t.database.db.select({ id: users.id }).from(users).where(eq(users.email, email));
  return row?.id ?? '';
};

const rows = <T extends Record<string, unknown>>(list: T[]) => list.map((row) => ({ ...row, deletedAt: null }));
const active = (appointment: Appointment) => (ACTIVE_STATUSES as readonly string[]).includes(appointment.status);

describe('demo schedule', () => {
  it('sets each demo practice up: the provider and the owner as providers, rooms, types, hours, time off, holidays', async () => {
    const [ownerId, providerId] = [await accountId('owner'), await accountId('provider')];
    for (const practice of await demoPractices()) {
      const calendar = await calendarOf(practice.id);
      expect(calendar.providers.map((p) => p.userId).sort()).toEqual([ownerId, providerId].sort());
      for (const location of calendar.locations) {
        expect(calendar.rooms.filter((room) => room.locationId === location.id).length, location.name).toBeGreaterThanOrEqual(2);
      }
      expect(calendar.types.length).toBeGreaterThanOrEqual(5);
      expect(calendar.types.some((type) => type.needsRoom && type.bufferBeforeMinutes > 0)).toBe(true);
      // Monday to Friday, each working day in two ranges (a lunch break), no weekends.
      const weekdays = new Set(calendar.workingHours.map((row) => row.weekday));
      expect([...weekdays].every((day) => day >= 1 && day <= 5)).toBe(true);
      expect(weekdays.size).toBeGreaterThanOrEqual(4);
      for (const provider of calendar.providers) {
        const own = calendar.workingHours.filter((row) => row.providerId === provider.id);
        for (const weekday of new Set(own.map((row) => row.weekday))) {
          expect(own.filter((row) => row.weekday === weekday)).toHaveLength(2);
        }
      }
      expect(calendar.exceptions.filter((row) => row.kind === 'time_off').length).toBeGreaterThanOrEqual(1);
      expect(calendar.holidays.length).toBeGreaterThanOrEqual(2);
      expect(calendar.series.length).toBeGreaterThanOrEqual(1);
      expect(calendar.waitlist.filter((entry) => entry.status === 'waiting').length).toBeGreaterThanOrEqual(2);
    }
  });

  it('books about three months around the day it was loaded, for both practices, 60–80% of working time', async () => {
    for (const practice of await demoPractices()) {
      const calendar = await calendarOf(practice.id);
      const today = instantToZoned(loadStarted, practice.timeZone).date;
      const from = addDays(today, -DEMO_DAYS_BACK);
      const to = addDays(today, DEMO_DAYS_AHEAD);
      const dates = calendar.appointments.map((a) => instantToZoned(a.startsAt, practice.timeZone).date);
      expect(dates.every((date) => date >= from && date < to), practice.slug).toBe(true);
      // Every week of the range has appointments, the first and the last included.
      for (let monday = addDays(from, 7 - isoWeekday(from) + 1); monday < addDays(to, -7); monday = addDays(monday, 7)) {
        expect(dates.filter((date) => date >= monday && date < addDays(monday, 7)).length, `${practice.slug} week of ${monday}`).toBeGreaterThan(20);
      }
      expect(dates.filter((date) => date < addDays(from, 7)).length).toBeGreaterThan(0);
      expect(dates.filter((date) => date >= addDays(to, -7)).length).toBeGreaterThan(0);

      let workingMs = 0;
      for (const provider of calendar.providers) {
        for (let date = from; date < to; date = addDays(date, 1)) {
          for (const location of calendar.locations) {
            const intervals = workingIntervals({
              providerId: provider.id,
              locationId: location.id,
              date,
              timeZone: location.timeZone,
              workingHours: rows(calendar.workingHours),
              exceptions: rows(calendar.exceptions),
              holidays: rows(calendar.holidays),
            });
            workingMs += intervals.reduce((sum, interval) => sum + interval.end.getTime() - interval.start.getTime(), 0);
          }
        }
      }
      const bookedMs = calendar.appointments.filter(active).reduce((sum, a) => sum + a.endsAt.getTime() - a.startsAt.getTime(), 0);
      expect(bookedMs / workingMs, practice.slug).toBeGreaterThanOrEqual(0.6);
      expect(bookedMs / workingMs, practice.slug).toBeLessThanOrEqual(0.8);
      expect(calendar.appointments.some((a) => a.notes?.startsWith('Needs interpreter (') === true)).toBe(true);
      expect(calendar.appointments.filter((a) => a.seriesId !== null).length).toBeGreaterThanOrEqual(4);
    }
  });

  it('never double-books a provider or a room, and keeps to working hours', async () => {
    for (const practice of await demoPractices()) {
      const calendar = await calendarOf(practice.id);
      const live = calendar.appointments.filter((a) => a.deletedAt === null && active(a));
      const byResource = new Map<string, Appointment[]>();
      for (const appointment of live) {
        for (const key of [`provider:${appointment.providerId}`, ...(appointment.roomId === null ? [] : [`room:${appointment.roomId}`])]) {
          byResource.set(key, [...(byResource.get(key) ?? []), appointment]);
        }
      }
      for (const [key, list] of byResource) {
        list.forEach((appointment, index) => {
          const next = list[index + 1];
          if (next) {
            expect(appointment.endsAt.getTime(), `${key} ${appointment.id} / ${next.id}`).toBeLessThanOrEqual(next.startsAt.getTime());
          }
        });
      }
      const zoneOf = new Map(calendar.locations.map((location) => [location.id, location.timeZone]));
      const outside = calendar.appointments.filter(
        (a) =>
          a.outOfHoursReason === null &&
          !isWithinWorkingHours({
            providerId: a.providerId,
            locationId: a.locationId,
            timeZone: zoneOf.get(a.locationId) ?? 'UTC',
            workingHours: rows(calendar.workingHours),
            exceptions: rows(calendar.exceptions),
            holidays: rows(calendar.holidays),
            start: a.startsAt,
            end: a.endsAt,
          }),
      );
      expect(outside.map((a) => a.id)).toEqual([]);
      // Every type that needs a room got one of its location.
      const needsRoom = new Set(calendar.types.filter((type) => type.needsRoom).map((type) => type.id));
      const roomLocation = new Map(calendar.rooms.map((room) => [room.id, room.locationId]));
      for (const appointment of calendar.appointments.filter((a) => needsRoom.has(a.typeId))) {
        expect(roomLocation.get(appointment.roomId ?? '')).toBe(appointment.locationId);
      }
    }
  });

  it('has statuses that fit the time: history over, today under way, the weeks ahead booked', async () => {
    for (const practice of await demoPractices()) {
      const { appointments: list } = await calendarOf(practice.id);
      const over = list.filter((a) => a.endsAt <= loadStarted);
      const ahead = list.filter((a) => a.startsAt.getTime() > loadEnded.getTime() + 60 * 60_000);
      expect(over.length).toBeGreaterThan(100);
      expect(ahead.length).toBeGreaterThan(200);
      expect([...new Set(over.map((a) => a.status))].every((status) => ['completed', 'no_show', 'cancelled'].includes(status))).toBe(true);
      expect(over.some((a) => a.status !== 'completed')).toBe(true);
      expect(over.filter((a) => a.status === 'completed').length / over.length).toBeGreaterThan(0.75);
      expect([...new Set(ahead.map((a) => a.status))].every((status) => ['booked', 'confirmed', 'cancelled'].includes(status))).toBe(true);
      expect(ahead.filter((a) => a.status === 'booked').length / ahead.length).toBeGreaterThan(0.8);
      for (const appointment of list) {
        expect(appointment.cancelReason !== null, appointment.id).toBe(appointment.status === 'cancelled');
        if (appointment.status === 'completed') {
          expect(appointment.checkedInAt, appointment.id).not.toBeNull();
          expect(appointment.completedAt?.getTime()).toBeGreaterThanOrEqual(appointment.checkedInAt?.getTime() ?? Infinity);
          expect(appointment.completedAt?.getTime()).toBeLessThanOrEqual(loadEnded.getTime());
        }
        if (appointment.status === 'in_room' || appointment.status === 'checked_in') {
          // Only today's patients are in the building.
          expect(instantToZoned(appointment.startsAt, practice.timeZone).date).toBe(instantToZoned(loadStarted, practice.timeZone).date);
        }
      }
    }
  });

  it('went through the executors as the demo owner, and leaves no device behind', async () => {
    const ownerId = await accountId('owner');
    for (const practice of await demoPractices()) {
      const { appointments: list } = await calendarOf(practice.id);
      expect(list.every((a) => a.createdBy === ownerId && a.version > 0)).toBe(true);
      const booked = await t.database.db
        .select({ id: auditLog.id })
        .from(auditLog)
        .where(and(eq(auditLog.practiceId, practice.id), eq(auditLog.action, 'appointment.booked'), eq(auditLog.actorUserId, ownerId)));
      expect(booked).toHaveLength(list.filter((a) => a.seriesId === null).length);
    }
    expect(await t.database.db.select().from(syncClients).where(eq(syncClients.userId, ownerId))).toEqual([]);
  });

  it('loading again changes nothing, even without its marker', async () => {
    const snapshot = async () =>
      (await t.database.db.select({ id: appointments.id, version: appointments.version, status: appointments.status }).from(appointments).orderBy(asc(appointments.id))).map((row) =>
        JSON.stringify(row),
      );
    const before = await snapshot();
    expect(await loadDemoData(t.database, config)).toBe(false);
    expect(await snapshot()).toEqual(before);
    // As if the marker were lost: practices whose calendar exists are left alone, and the marker returns.
    await t.database.db.delete(appMeta).where(eq(appMeta.key, DEMO_SCHEDULE_SEEDED_KEY));
    expect(await seedDemoSchedule(t.database)).toBe(false);
    expect(await snapshot()).toEqual(before);
    expect(await t.database.db.select().from(appMeta).where(eq(appMeta.key, DEMO_SCHEDULE_SEEDED_KEY))).toHaveLength(1);
  });
});
