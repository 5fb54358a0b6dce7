import { describe, expect, it } from 'vitest';
import { isWithinWorkingHours, type HolidayRow, type ScheduleExceptionRow, type WorkingHoursRow } from './availability';
import { demoHolidays } from './demo-holidays';
import { DEMO_SCHEDULES } from './demo-schedule-data';
import { planDemoSchedule, type DemoScheduleInput, type PlannedMutation } from './demo-schedule-plan';
import { occupiesSlot } from './status';

/*
 * The demo calendar's plan (what the seed pushes), for both demo practices and load moments that
 * are awkward for a calendar: a Saturday, the week of a DST change, New Year. The integration test
 * (tests/integration/scheduling/demo-schedule.test.ts) checks the same against the executors.
 */

const ZONES: Record<string, string> = { riverside: 'America/Chicago', harbor: 'America/New_York' };

const input = (slug: string, now: string): DemoScheduleInput => {
  let counter = 0;
  const id = () => `00000000-0000-7000-8000-${(counter++).toString(16).padStart(12, '0')}`;
  const timeZone = ZONES[slug] ?? 'UTC';
  return {
    practiceId: id(),
    locations: (DEMO_SCHEDULES[slug]?.rooms ?? []).map(() => ({ id: id(), timeZone })),
    userIds: { provider: id(), owner: id() },
    patients: Array.from({ length: 40 }, (_, index) => ({ id: id(), preferredLanguage: index % 4 === 0 ? 'es' : 'en' })),
    now: new Date(now),
    seed: 42,
    newId: id,
  };
};

const argsOf = <T>(mutations: readonly PlannedMutation[], name: string): T[] =>
  mutations.filter((m) => m.name === name).map((m) => ({ ...m.args, deletedAt: null }) as T);

const MOMENTS = ['2026-12-07T18:25:00.000Z', '2027-03-13T15:00:00.000Z', '2026-12-31T23:30:00.000Z'];

describe('demo schedule plan', () => {
  for (const slug of Object.keys(DEMO_SCHEDULES)) {
    for (const moment of MOMENTS) {
      it(`${slug} loaded at ${moment}: in hours, never double-booked, 60–80% full, history before now`, () => {
        const config = DEMO_SCHEDULES[slug];
        if (!config) {
          throw new Error('no config');
        }
        const given = input(slug, moment);
        const plan = planDemoSchedule(config, given);
        const now = given.now.getTime();
        const calendar = {
          timeZone: ZONES[slug] ?? 'UTC',
          workingHours: argsOf<WorkingHoursRow>(plan.mutations, 'working_hours.save'),
          exceptions: argsOf<ScheduleExceptionRow>(plan.mutations, 'schedule_exceptions.save'),
          holidays: argsOf<HolidayRow>(plan.mutations, 'holidays.save'),
        };
        expect(plan.appointments.length).toBeGreaterThan(400);
        for (const a of plan.appointments) {
          expect(isWithinWorkingHours({ ...calendar, providerId: a.providerId, locationId: a.locationId, start: a.startsAt, end: a.endsAt }), a.id).toBe(true);
        }
        for (const key of ['providerId', 'roomId'] as const) {
          const held = plan.appointments.filter((a) => a[key] !== null && occupiesSlot(a.status)).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
          held.forEach((a, index) => {
            const next = held.slice(index + 1).find((b) => b[key] === a[key]);
            expect(next === undefined || a.endsAt <= next.startsAt, `${key} ${a.id}`).toBe(true);
          });
        }
        const heldMs = plan.appointments.filter((a) => occupiesSlot(a.status)).reduce((sum, a) => sum + a.endsAt.getTime() - a.startsAt.getTime(), 0);
        expect(heldMs / plan.workingMs).toBeGreaterThanOrEqual(0.6);
        expect(heldMs / plan.workingMs).toBeLessThanOrEqual(0.8);
        for (const a of plan.appointments) {
          if (a.endsAt.getTime() <= now) {
            expect(['completed', 'no_show', 'cancelled']).toContain(a.status);
          } else if (a.startsAt.getTime() > now + 60 * 60_000) {
            expect(['booked', 'confirmed', 'cancelled']).toContain(a.status);
          }
        }
        // Nothing was done after the moment of loading.
        expect(plan.mutations.every((m) => m.occurredAt.getTime() <= now)).toBe(true);
        // Bookings before their transitions; transitions of one appointment in order.
        const firstTransition = plan.mutations.findIndex((m) => m.name === 'appointments.transition');
        expect(plan.mutations.slice(firstTransition).some((m) => m.name === 'appointments.book')).toBe(false);
      });
    }
  }

  it('is the same for the same moment and seed', () => {
    const config = DEMO_SCHEDULES.riverside;
    if (!config) {
      throw new Error('no config');
    }
    const a = planDemoSchedule(config, input('riverside', MOMENTS[0] ?? ''));
    const b = planDemoSchedule(config, input('riverside', MOMENTS[0] ?? ''));
    expect(JSON.stringify(b.mutations)).toBe(JSON.stringify(a.mutations));
  });

  it('closes on the observed public holidays of the range, at least two', () => {
    expect(demoHolidays('2026-11-09', '2027-02-08')).toEqual([
      { date: '2026-11-26', name: 'Thanksgiving Day' },
      { date: '2026-12-25', name: 'Christmas Day' },
      { date: '2027-01-01', name: "New Year's Day" },
    ]);
    // 2027-12-25 is a Saturday, 2028-01-01 too: observed on the Fridays before.
    expect(demoHolidays('2027-12-01', '2028-01-10').map((h) => h.date)).toEqual(['2027-12-24', '2027-12-31']);
    // A range with none gets the next two (2027-07-04 is a Sunday).
    expect(demoHolidays('2027-02-01', '2027-03-01')).toEqual([
      { date: '2027-05-31', name: 'Memorial Day' },
      { date: '2027-07-05', name: 'Independence Day (observed)' },
    ]);
  });
});
