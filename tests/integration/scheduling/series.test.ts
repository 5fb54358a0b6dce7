import { and, asc, eq, isNull } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/lib/db/client';
import { appointments, appointmentSeries } from '@/lib/db/schema/scheduling';
import { occurrenceId } from '@/lib/domain/scheduling/series-plan';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { expectApplied, seedSchedulingPractice, type SchedulingFixture } from './fixture';

let t: TestDatabase;
let database: Database;

beforeAll(async () => {
  t = await createTestDatabase();
  database = t.database;
});
afterAll(async () => {
  await t.dispose();
});

const liveOccurrences = async (seriesId: string) =>
  database.db
    .select()
    .from(appointments)
    .where(and(eq(appointments.seriesId, seriesId), isNull(appointments.deletedAt)))
    .orderBy(asc(appointments.startsAt));

const series = (f: SchedulingFixture, overrides: Record<string, unknown> = {}) => ({
  practiceId: f.practice.id,
  id: uuidv7(),
  patientId: f.patients[0]?.id,
  providerId: f.ids.providers[0],
  locationId: f.location.id,
  roomId: null,
  typeId: f.ids.consult,
  rule: 'FREQ=WEEKLY;COUNT=6',
  startDate: '2026-10-19',
  startTime: '09:00',
  durationMinutes: 30,
  notes: null,
  outOfHoursReason: null,
  ...overrides,
});

describe('a recurring series', () => {
  // Both zones leave summer time between the 19th of October and the end of November 2026 (Berlin on
  // 25 October, Chicago on 1 November): the clinic's 09:00 stays 09:00, so the instants move an hour.
  it.each([
    ['America/Chicago', ['14:00', '14:00', '15:00', '15:00', '15:00', '15:00']],
    ['Europe/Berlin', ['07:00', '08:00', '08:00', '08:00', '08:00', '08:00']],
  ])('books every occurrence at the same local time across daylight saving in %s', async (timeZone, utcTimes) => {
    const f = await seedSchedulingPractice(database, { timeZone });
    const args = series(f);
    expectApplied((await f.desk.push([f.desk.envelope('appointment_series.create', args)])).results);
    const rows = await liveOccurrences(args.id);
    expect(rows.map((row) => row.occurrenceDate)).toEqual(['2026-10-19', '2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23']);
    expect(rows.map((row) => row.startsAt.toISOString().slice(11, 16))).toEqual(utcTimes);
    expect(rows.every((row) => row.endsAt.getTime() - row.startsAt.getTime() === 30 * 60_000)).toBe(true);
    // The device names each occurrence the same way.
    expect(rows.map((row) => row.id)).toEqual(rows.map((row) => occurrenceId(args.id, row.occurrenceDate ?? '')));
    const [stored] = await database.db.select().from(appointmentSeries).where(eq(appointmentSeries.id, args.id));
    expect(stored?.timeZone).toBe(timeZone);
  });

  it('books all occurrences or none: one taken date makes the whole series a slot_taken conflict', async () => {
    const f = await seedSchedulingPractice(database);
    const single = f.booking({ patientId: f.patients[1]?.id, startsAt: '2026-11-09T15:00:00.000Z', endsAt: '2026-11-09T15:30:00.000Z' });
    expectApplied((await f.desk.push([f.desk.envelope('appointments.book', single)])).results);
    const args = series(f);
    const [result] = (await f.desk.push([f.desk.envelope('appointment_series.create', args)])).results;
    expect(result).toMatchObject({ status: 'conflict', reason: 'slot_taken' });
    expect(await liveOccurrences(args.id)).toEqual([]);
  });

  it('edits one occurrence on its own, then all from a date (the edited one stays), then this and following', async () => {
    const f = await seedSchedulingPractice(database);
    const args = series(f, { rule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=8', startDate: '2026-11-02' });
    expectApplied((await f.desk.push([f.desk.envelope('appointment_series.create', args)])).results);
    const third = occurrenceId(args.id, '2026-11-16');

    // One occurrence moves to 11:00 (Chicago, UTC−6): detached from the series.
    expectApplied(
      (
        await f.desk.push([
          f.desk.envelope('appointments.reschedule', { practiceId: f.practice.id, appointmentId: third, providerId: f.ids.providers[0], roomId: null, startsAt: '2026-11-16T17:00:00.000Z', endsAt: '2026-11-16T17:30:00.000Z', outOfHoursReason: null }),
        ])
      ).results,
    );

    // All, from the 9th: 10:00 instead of 09:00. The first stays (before the date), the moved one stays.
    expectApplied(
      (
        await f.desk.push([
          f.desk.envelope('appointment_series.edit', { practiceId: f.practice.id, seriesId: args.id, scope: 'all', fromDate: '2026-11-09', newSeriesId: null, changes: { startTime: '10:00' }, outOfHoursReason: null }),
        ])
      ).results,
    );
    let rows = await liveOccurrences(args.id);
    expect(rows.map((row) => [row.occurrenceDate, row.startsAt.toISOString().slice(11, 16), row.detached])).toEqual([
      ['2026-11-02', '15:00', false],
      ['2026-11-09', '16:00', false],
      ['2026-11-16', '17:00', true],
      ['2026-11-23', '16:00', false],
      ['2026-11-30', '16:00', false],
      ['2026-12-07', '16:00', false],
      ['2026-12-14', '16:00', false],
      ['2026-12-21', '16:00', false],
    ]);

    // This and following from the 30th: the second provider, every other week, four times.
    const newSeriesId = uuidv7();
    expectApplied(
      (
        await f.desk.push([
          f.desk.envelope('appointment_series.edit', {
            practiceId: f.practice.id,
            seriesId: args.id,
            scope: 'following',
            fromDate: '2026-11-30',
            newSeriesId,
            changes: { providerId: f.ids.providers[1], rule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;COUNT=4' },
            outOfHoursReason: null,
          }),
        ])
      ).results,
    );
    rows = await liveOccurrences(args.id);
    expect(rows.map((row) => row.occurrenceDate)).toEqual(['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23']);
    const [old] = await database.db.select().from(appointmentSeries).where(eq(appointmentSeries.id, args.id));
    expect(old?.rule).toMatch(/UNTIL=20261129/);
    const next = await liveOccurrences(newSeriesId);
    expect(next.map((row) => [row.occurrenceDate, row.providerId])).toEqual([
      ['2026-11-30', f.ids.providers[1]],
      ['2026-12-14', f.ids.providers[1]],
      ['2026-12-28', f.ids.providers[1]],
      ['2027-01-11', f.ids.providers[1]],
    ]);
  });

  it('cancels the occurrences from a date, leaving the visits that happened', async () => {
    const f = await seedSchedulingPractice(database);
    const args = series(f, { rule: 'FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;COUNT=5', startDate: '2026-12-07' });
    const first = occurrenceId(args.id, '2026-12-07');
    expectApplied(
      (
        await f.desk.push([
          f.desk.envelope('appointment_series.create', args),
          f.desk.envelope('appointments.transition', { practiceId: f.practice.id, appointmentId: first, to: 'checked_in', from: 'booked', reason: null }),
          f.desk.envelope('appointment_series.cancel', { practiceId: f.practice.id, seriesId: args.id, fromDate: '2026-12-07', reason: 'Treatment plan changed' }),
        ])
      ).results,
    );
    const rows = await liveOccurrences(args.id);
    expect(rows.map((row) => row.status)).toEqual(['checked_in', 'cancelled', 'cancelled', 'cancelled', 'cancelled']);
  });

  it('refuses a rule without an end, with a field error', async () => {
    const f = await seedSchedulingPractice(database);
    const [result] = (await f.desk.push([f.desk.envelope('appointment_series.create', series(f, { rule: 'FREQ=WEEKLY' }))])).results;
    expect(result).toMatchObject({ status: 'rejected', error: { code: 'VALIDATION_FAILED', fields: [{ path: 'rule' }] } });
  });
});
