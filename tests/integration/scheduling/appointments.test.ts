import { and, count, eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/lib/db/client';
import { auditLog } from '@/lib/db/schema/audit';
import { appointments } from '@/lib/db/schema/scheduling';
import { conflicts } from '@/lib/db/schema/sync';
import { SYNC_PROTOCOL_VERSION } from '@/lib/sync/protocol/version';
import { processPull } from '@/lib/sync/server/pull';
import { createTestClient } from '../sync/helpers';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { deviceFor, expectApplied, seedSchedulingPractice, type SchedulingFixture } from './fixture';

let t: TestDatabase;
let database: Database;
let f: SchedulingFixture;

beforeAll(async () => {
  t = await createTestDatabase();
  database = t.database;
  f = await seedSchedulingPractice(database);
});
afterAll(async () => {
  await t.dispose();
});

const appointment = async (id: string) => (await database.db.select().from(appointments).where(eq(appointments.id, id)))[0];
const conflictRow = async (id: string) => (await database.db.select().from(conflicts).where(eq(conflicts.id, id)))[0];

// Tuesday 2026-12-08 in Chicago (UTC−6): 15:00Z is 09:00 local.
const at = (hhmm: string, day = '2026-12-08') => {
  const [h, m] = hhmm.split(':').map(Number);
  return new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)), (h ?? 0) + 6, m ?? 0)).toISOString();
};

describe('booking', () => {
  it('books an appointment, audits it without patient data, and sends it to the front desk’s replica', async () => {
    const args = f.booking({ startsAt: at('09:00'), endsAt: at('09:30'), notes: 'Bring the referral letter' });
    const { results } = await f.desk.push([f.desk.envelope('appointments.book', args)]);
    expectApplied(results);
    const row = await appointment(args.id);
    expect(row).toMatchObject({ status: 'booked', providerId: f.ids.providers[0], practiceId: f.practice.id, detached: false });
    expect(row?.startsAt.toISOString()).toBe(args.startsAt);
    const [audit] = await database.db.select().from(auditLog).where(and(eq(auditLog.action, 'appointment.booked'), eq(auditLog.targetId, args.id)));
    expect(audit?.patientId).toBe(args.patientId);
    expect(JSON.stringify(audit?.metadata)).not.toContain('referral');

    const answer = await f.desk.pull({});
    const tables = new Set(answer.changes.map((change) => change.table));
    for (const table of ['locations', 'rooms', 'providers', 'appointment_types', 'working_hours', 'appointments', 'patients']) {
      expect(tables, table).toContain(table);
    }
    const pulled = answer.changes.find((change) => change.op === 'put' && change.table === 'appointments' && change.row.id === args.id);
    expect(pulled).toMatchObject({ row: { startsAt: args.startsAt, status: 'booked', roomId: null } });
  });

  it('refuses a second active appointment of the provider at an overlapping time as slot_taken, writing nothing', async () => {
    const first = f.booking({ startsAt: at('10:00'), endsAt: at('10:30') });
    expectApplied((await f.desk.push([f.desk.envelope('appointments.book', first)])).results);
    const other = createTestClient(database, f.owner);
    const clash = f.booking({ patientId: f.patients[1]?.id, startsAt: at('10:15'), endsAt: at('10:45') });
    const { results } = await other.push([other.envelope('appointments.book', clash)]);
    expect(results[0]).toMatchObject({ status: 'conflict', reason: 'slot_taken' });
    expect(await appointment(clash.id)).toBeUndefined();
    const conflict = await conflictRow(results[0]?.status === 'conflict' ? results[0].conflictId : '');
    expect(conflict).toMatchObject({ reason: 'slot_taken', entityTable: 'appointments', entityId: clash.id, status: 'open' });
    // The front desk learns when the slot is taken, not by whom.
    expect(conflict?.theirs).toEqual({ takenBy: [{ appointmentId: first.id, startsAt: first.startsAt, endsAt: first.endsAt, resource: 'provider' }] });
    expect(JSON.stringify(conflict?.theirs)).not.toContain(first.patientId);

    // Back to back is not an overlap; another provider at the same time is fine.
    const next = f.booking({ patientId: f.patients[1]?.id, startsAt: at('10:30'), endsAt: at('11:00') });
    const colleague = f.booking({ patientId: f.patients[2]?.id, providerId: f.ids.providers[1], startsAt: at('10:00'), endsAt: at('10:30') });
    expectApplied((await other.push([other.envelope('appointments.book', next), other.envelope('appointments.book', colleague)])).results);
  });

  it('keeps a room to one appointment at a time, across providers', async () => {
    const procedure = (providerIndex: 0 | 1, patientIndex: number) =>
      f.booking({ providerId: f.ids.providers[providerIndex], patientId: f.patients[patientIndex]?.id, typeId: f.ids.procedure, roomId: f.ids.rooms[0], startsAt: at('13:00'), endsAt: at('14:00') });
    const first = procedure(0, 0);
    const second = procedure(1, 1);
    const { results } = await f.desk.push([f.desk.envelope('appointments.book', first), f.desk.envelope('appointments.book', second)]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'conflict']);
    // A procedure without a room is refused with a field error.
    const roomless = f.booking({ typeId: f.ids.procedure, roomId: null, startsAt: at('15:00'), endsAt: at('16:00') });
    const refused = await f.desk.push([f.desk.envelope('appointments.book', roomless)]);
    expect(refused.results[0]).toMatchObject({ status: 'rejected', error: { code: 'VALIDATION_FAILED', fields: [{ path: 'roomId' }] } });
  });

  it('refuses a time outside working hours unless a reason is given, and honours holidays and time off', async () => {
    const evening = f.booking({ startsAt: at('18:00'), endsAt: at('18:30') });
    const refused = await f.desk.push([f.desk.envelope('appointments.book', evening)]);
    expect(refused.results[0]).toMatchObject({ status: 'rejected', error: { code: 'VALIDATION_FAILED', fields: [{ path: 'outOfHoursReason' }] } });
    expect(await appointment(evening.id)).toBeUndefined();
    expectApplied((await f.desk.push([f.desk.envelope('appointments.book', { ...evening, outOfHoursReason: 'Patient works days; approved by Dr. 1' })])).results);

    // A holiday on Wednesday the 9th, and the second provider's afternoon off on Thursday the 10th.
    expectApplied(
      (
        await f.admin.push([
          f.admin.envelope('holidays.save', { practiceId: f.practice.id, id: uuidv7(), locationId: null, date: '2026-12-09', name: 'Staff training day' }),
          f.admin.envelope('schedule_exceptions.save', { practiceId: f.practice.id, id: uuidv7(), providerId: f.ids.providers[1], locationId: null, date: '2026-12-10', kind: 'time_off', startTime: '12:00', endTime: '17:00', note: null }),
        ])
      ).results,
    );
    const onHoliday = f.booking({ startsAt: at('09:00', '2026-12-09'), endsAt: at('09:30', '2026-12-09') });
    const offAfternoon = f.booking({ providerId: f.ids.providers[1], startsAt: at('14:00', '2026-12-10'), endsAt: at('14:30', '2026-12-10') });
    const morning = f.booking({ providerId: f.ids.providers[1], startsAt: at('09:00', '2026-12-10'), endsAt: at('09:30', '2026-12-10') });
    const { results } = await f.desk.push([onHoliday, offAfternoon, morning].map((args) => f.desk.envelope('appointments.book', args)));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'applied']);
  });

  it('refuses references into another practice as if they did not exist', async () => {
    const elsewhere = await seedSchedulingPractice(database);
    const foreignPatient = f.booking({ patientId: elsewhere.patients[0]?.id, startsAt: at('11:00'), endsAt: at('11:30') });
    const foreignProvider = f.booking({ providerId: elsewhere.ids.providers[0], startsAt: at('11:00'), endsAt: at('11:30') });
    const { results } = await f.desk.push([foreignPatient, foreignProvider].map((args) => f.desk.envelope('appointments.book', args)));
    expect(results).toEqual([
      expect.objectContaining({ status: 'rejected', error: expect.objectContaining({ code: 'VALIDATION_FAILED', fields: [{ path: 'patientId', message: 'This patient was not found in this practice' }] }) as unknown }),
      expect.objectContaining({ status: 'rejected', error: expect.objectContaining({ fields: [{ path: 'providerId', message: 'This provider was not found in this practice' }] }) as unknown }),
    ]);
    // Booking in a practice the user is not a member of: not found, nothing recorded there.
    const intruder = await f.desk.push([f.desk.envelope('appointments.book', elsewhere.booking())]);
    expect(intruder.results[0]).toMatchObject({ status: 'rejected', error: { code: 'NOT_FOUND' } });
    const [there] = await database.db.select({ n: count() }).from(appointments).where(eq(appointments.practiceId, elsewhere.practice.id));
    expect(there?.n).toBe(0);
  });

  it('lets only roles with the permission book or set up, and sends the schedule only to roles that may read it', async () => {
    const billing = await deviceFor(database, f, 'billing');
    const refused = await billing.push([billing.envelope('appointments.book', f.booking({ startsAt: at('12:00'), endsAt: at('12:30') }))]);
    expect(refused.results[0]).toMatchObject({ status: 'rejected', error: { code: 'FORBIDDEN' } });
    const setup = await f.desk.push([f.desk.envelope('rooms.save', { practiceId: f.practice.id, id: uuidv7(), locationId: f.location.id, name: 'Room 9', active: true })]);
    expect(setup.results[0]).toMatchObject({ status: 'rejected', error: { code: 'FORBIDDEN' } });

    const billingTables = new Set((await billing.pull({})).changes.map((change) => change.table));
    expect(billingTables).toContain('appointments');
    const auditor = await deviceFor(database, f, 'auditor');
    const auditorTables = new Set((await auditor.pull({})).changes.map((change) => change.table));
    expect(auditorTables).not.toContain('appointments');
    expect(auditorTables).not.toContain('patients');
    expect(auditorTables).toContain('locations');
  });
});

describe('an app of the first sync protocol', () => {
  it('is served without the scheduling tables it does not know; once updated, its practice starts over and they arrive', async () => {
    const device = await deviceFor(database, f, 'front_desk');
    const pull = (protocolVersion: number, cursors: Record<string, number>) =>
      processPull({ database, actor: device.actor, pull: { protocolVersion, clientId: device.clientId, cursors, limit: 1000 } });
    const old = await pull(1, {});
    // Conflicts about appointments still reach it: its inbox shows them as changes it cannot settle.
    expect(new Set(old.changes.map((change) => change.table))).toEqual(new Set(['patients', 'conflicts']));
    const updated = await pull(SYNC_PROTOCOL_VERSION, old.cursors);
    expect(updated.resets).toEqual([f.practice.id]);
    expect(new Set(updated.changes.map((change) => change.table))).toContain('appointments');
  });
});

describe('status and moves', () => {
  it('walks the status machine, refuses an illegal transition with the current status, and undoes a check-in', async () => {
    const args = f.booking({ startsAt: at('09:00', '2026-12-11'), endsAt: at('09:30', '2026-12-11') });
    const transition = (to: string, from: string, reason: string | null = null) =>
      f.desk.envelope('appointments.transition', { practiceId: f.practice.id, appointmentId: args.id, to, from, reason });
    const { results } = await f.desk.push([
      f.desk.envelope('appointments.book', args),
      transition('checked_in', 'booked'),
      transition('booked', 'checked_in'),
      transition('checked_in', 'booked'),
      transition('in_room', 'checked_in'),
      transition('completed', 'in_room'),
      transition('confirmed', 'booked'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied', 'applied', 'conflict']);
    const row = await appointment(args.id);
    expect(row).toMatchObject({ status: 'completed' });
    expect(row?.checkedInAt).not.toBeNull();
    expect(row?.completedAt).not.toBeNull();
    const last = results.at(-1);
    const conflict = await conflictRow(last?.status === 'conflict' ? last.conflictId : '');
    expect(conflict).toMatchObject({ reason: 'invalid_transition', theirs: { status: 'completed' }, base: { status: 'booked' } });

    const noReason = await f.desk.push([
      f.desk.envelope('appointments.transition', { practiceId: f.practice.id, appointmentId: args.id, to: 'cancelled', from: 'booked', reason: null }),
    ]);
    expect(noReason.results[0]).toMatchObject({ status: 'rejected', error: { code: 'VALIDATION_FAILED', fields: [{ path: 'reason' }] } });
  });

  it('frees a cancelled slot for someone else, and a no-show who arrives after all finds it taken', async () => {
    const first = f.booking({ startsAt: at('11:00', '2026-12-11'), endsAt: at('11:30', '2026-12-11') });
    const second = f.booking({ patientId: f.patients[1]?.id, startsAt: at('11:00', '2026-12-11'), endsAt: at('11:30', '2026-12-11') });
    const { results } = await f.desk.push([
      f.desk.envelope('appointments.book', first),
      f.desk.envelope('appointments.transition', { practiceId: f.practice.id, appointmentId: first.id, to: 'no_show', from: 'booked', reason: null }),
      f.desk.envelope('appointments.book', second),
      f.desk.envelope('appointments.transition', { practiceId: f.practice.id, appointmentId: first.id, to: 'checked_in', from: 'no_show', reason: null }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'conflict']);
    expect(results[3]).toMatchObject({ reason: 'slot_taken' });
    expect(await appointment(first.id)).toMatchObject({ status: 'no_show' });
  });

  it('moves an appointment, refuses a move into a taken slot or of a visit under way', async () => {
    const a = f.booking({ startsAt: at('14:00', '2026-12-11'), endsAt: at('14:30', '2026-12-11') });
    const b = f.booking({ patientId: f.patients[1]?.id, startsAt: at('15:00', '2026-12-11'), endsAt: at('15:30', '2026-12-11') });
    const move = (id: string, start: string, end: string) =>
      f.desk.envelope('appointments.reschedule', { practiceId: f.practice.id, appointmentId: id, providerId: f.ids.providers[0], roomId: null, startsAt: start, endsAt: end, outOfHoursReason: null });
    const { results } = await f.desk.push([
      f.desk.envelope('appointments.book', a),
      f.desk.envelope('appointments.book', b),
      move(a.id, at('14:30', '2026-12-11'), at('15:15', '2026-12-11')),
      move(a.id, at('14:15', '2026-12-11'), at('14:45', '2026-12-11')),
      f.desk.envelope('appointments.transition', { practiceId: f.practice.id, appointmentId: b.id, to: 'checked_in', from: 'booked', reason: null }),
      move(b.id, at('16:00', '2026-12-11'), at('16:30', '2026-12-11')),
    ]);
    expect(results.map((r) => (r.status === 'conflict' ? r.reason : r.status))).toEqual(['applied', 'applied', 'slot_taken', 'applied', 'applied', 'invalid_transition']);
    expect((await appointment(a.id))?.startsAt.toISOString()).toBe(at('14:15', '2026-12-11'));
    expect((await appointment(b.id))?.startsAt.toISOString()).toBe(at('15:00', '2026-12-11'));
  });
});

describe('a slot taken while offline', () => {
  it('is rebooked from the inbox at another time with conflicts.resolve (merged), and a second taken time becomes a new conflict', async () => {
    const mine = f.booking({ startsAt: at('09:00', '2026-12-14'), endsAt: at('09:30', '2026-12-14') });
    const theirs = f.booking({ patientId: f.patients[1]?.id, startsAt: at('09:00', '2026-12-14'), endsAt: at('09:30', '2026-12-14') });
    const blocker = f.booking({ patientId: f.patients[2]?.id, startsAt: at('10:00', '2026-12-14'), endsAt: at('10:30', '2026-12-14') });
    const laptop = createTestClient(database, f.frontDesk);
    expectApplied((await f.desk.push([f.desk.envelope('appointments.book', theirs), f.desk.envelope('appointments.book', blocker)])).results);
    const [taken] = (await laptop.push([laptop.envelope('appointments.book', mine)])).results;
    if (taken?.status !== 'conflict') {
      throw new Error('expected a conflict');
    }
    const resolve = (values: Record<string, string>) =>
      laptop.envelope('conflicts.resolve', { practiceId: f.practice.id, conflictId: taken.conflictId, resolution: 'merged', values });
    // The first pick is taken too: a new conflict; this one is settled.
    const [again] = (await laptop.push([resolve({ startsAt: at('10:00', '2026-12-14'), endsAt: at('10:30', '2026-12-14') })])).results;
    expect(again).toMatchObject({ status: 'conflict', reason: 'slot_taken' });
    expect(await conflictRow(taken.conflictId)).toMatchObject({ status: 'resolved', resolution: 'merged' });
    if (again?.status !== 'conflict') {
      throw new Error('expected a conflict');
    }
    const [booked] = (
      await laptop.push([
        laptop.envelope('conflicts.resolve', { practiceId: f.practice.id, conflictId: again.conflictId, resolution: 'merged', values: { startsAt: at('11:00', '2026-12-14'), endsAt: at('11:30', '2026-12-14') } }),
      ])
    ).results;
    expect(booked, JSON.stringify(booked)).toMatchObject({ status: "applied" });
    expect(await appointment(mine.id)).toMatchObject({ status: 'booked', patientId: mine.patientId });
    expect((await appointment(mine.id))?.startsAt.toISOString()).toBe(at('11:00', '2026-12-14'));
  });
});

describe('concurrent bookings', () => {
  it('let exactly one of many devices take the same slot', async () => {
    const devices = await Promise.all([0, 1, 2, 3, 4, 5].map(() => deviceFor(database, f, 'front_desk')));
    const start = at('16:00', '2026-12-15');
    const end = at('16:30', '2026-12-15');
    const answers = await Promise.all(
      devices.map((device, index) =>
        device.push([device.envelope('appointments.book', f.booking({ patientId: f.patients[index % 3]?.id, startsAt: start, endsAt: end }))]),
      ),
    );
    const statuses = answers.map((answer) => (answer.results[0]?.status === 'conflict' ? answer.results[0].reason : answer.results[0]?.status));
    expect(statuses.filter((status) => status === 'applied')).toHaveLength(1);
    expect(statuses.filter((status) => status === 'slot_taken')).toHaveLength(5);
    const [held] = await database.db
      .select({ n: count() })
      .from(appointments)
      .where(and(eq(appointments.practiceId, f.practice.id), eq(appointments.startsAt, new Date(start))));
    expect(held?.n).toBe(1);
  });
});
