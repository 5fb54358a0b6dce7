import { expect } from 'vitest';
import { uuidv7 } from 'uuidv7';
import type { Database } from '@/lib/db/client';
import type { Practice } from '@/lib/db/schema/practices';
import type { TMutationResult } from '@/lib/sync/protocol/push';
import type { SyncActor } from '@/lib/sync/server/push';
import { seedStaff } from '../../factories/identity';
import { patientArgs } from '../../factories/patients';
import { seedLocation, seedPractice } from '../../factories/practices';
import { createTestClient } from '../sync/helpers';

/*
 * A practice set up for scheduling through the mutations themselves (the one write path): a location
 * in `timeZone`, two providers with Monday–Friday 08:00–17:00 there, two rooms, a consultation (30
 * minutes, no room) and a procedure (60 minutes, needs a room, 10-minute buffers), patients, and
 * one device per role that tests need.
 */

export type SchedulingFixture = Awaited<ReturnType<typeof seedSchedulingPractice>>;

export const seedSchedulingPractice = async (database: Database, { timeZone = 'America/Chicago' }: { timeZone?: string } = {}) => {
  const practice: Practice = await seedPractice(database, { timeZone });
  const location = await seedLocation(database, { practice, timeZone });
  const owner = await seedStaff(database, practice, 'owner');
  const frontDesk = await seedStaff(database, practice, 'front_desk');
  const providerUsers = [await seedStaff(database, practice, 'provider'), await seedStaff(database, practice, 'provider')];
  const admin = createTestClient(database, owner);
  const desk = createTestClient(database, frontDesk);

  const ids = {
    providers: [uuidv7(), uuidv7()] as const,
    rooms: [uuidv7(), uuidv7()] as const,
    consult: uuidv7(),
    procedure: uuidv7(),
  };
  const p = practice.id;
  const setup = [
    ...ids.providers.map((id, index) =>
      admin.envelope('providers.save', { practiceId: p, id, userId: providerUsers[index]?.userId, displayName: `Dr. Provider ${index + 1}`, colour: index === 0 ? '#2563EB' : '#16a34a', active: true }),
    ),
    ...ids.rooms.map((id, index) => admin.envelope('rooms.save', { practiceId: p, id, locationId: location.id, name: `Room ${index + 1}`, active: true })),
    admin.envelope('appointment_types.save', { practiceId: p, id: ids.consult, name: 'Consultation', durationMinutes: 30, colour: '#0ea5e9', needsRoom: false, bufferBeforeMinutes: 0, bufferAfterMinutes: 0, active: true }),
    admin.envelope('appointment_types.save', { practiceId: p, id: ids.procedure, name: 'Procedure', durationMinutes: 60, colour: '#f97316', needsRoom: true, bufferBeforeMinutes: 10, bufferAfterMinutes: 10, active: true }),
    ...ids.providers.flatMap((providerId) =>
      [1, 2, 3, 4, 5].map((weekday) =>
        admin.envelope('working_hours.save', { practiceId: p, id: uuidv7(), providerId, locationId: location.id, weekday, startTime: '08:00', endTime: '17:00', validFrom: null, validUntil: null }),
      ),
    ),
  ];
  expectApplied((await admin.push(setup)).results);

  const patients = [patientArgs(p), patientArgs(p), patientArgs(p)];
  expectApplied((await desk.push(patients.map((args) => desk.envelope('patients.create', args)))).results);

  /** Arguments of an `appointments.book` with the fixture's defaults. */
  const booking = (overrides: Record<string, unknown> = {}) => ({
    practiceId: p,
    id: uuidv7(),
    patientId: patients[0]?.id,
    providerId: ids.providers[0],
    locationId: location.id,
    roomId: null,
    typeId: ids.consult,
    startsAt: '2026-12-08T15:00:00.000Z',
    endsAt: '2026-12-08T15:30:00.000Z',
    notes: null,
    outOfHoursReason: null,
    ...overrides,
  });

  return { practice, location, owner, frontDesk, providerUsers, admin, desk, ids, patients, booking };
};

export const expectApplied = (results: readonly TMutationResult[]) => {
  expect(results.filter((result) => result.status !== 'applied')).toEqual([]);
};

/** A device of a new member with `role` in the fixture's practice. */
export const deviceFor = async (database: Database, fixture: SchedulingFixture, role: Parameters<typeof seedStaff>[2]) => {
  const actor: SyncActor = await seedStaff(database, fixture.practice, role);
  return createTestClient(database, actor);
};
