import { and, eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/lib/db/client';
import { auditLog } from '@/lib/db/schema/audit';
import { waitlistEntries } from '@/lib/db/schema/scheduling';
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

const entry = async (id: string) => (await database.db.select().from(waitlistEntries).where(eq(waitlistEntries.id, id)))[0];

/** Arguments of a `waitlist.add` with defaults: the first patient, a consultation, any provider, mornings. */
const waitlistArgs = (overrides: Record<string, unknown> = {}) => ({
  practiceId: f.practice.id,
  id: uuidv7(),
  patientId: f.patients[0]?.id,
  typeId: f.ids.consult,
  providerId: null,
  locationId: null,
  earliestDate: '2026-12-07',
  latestDate: '2026-12-18',
  timeOfDay: 'morning',
  note: 'Can come at short notice',
  ...overrides,
});

describe('waitlist', () => {
  it('adds a patient, and booking with the entry’s id takes them off the list with the appointment', async () => {
    const added = waitlistArgs();
    expectApplied((await f.desk.push([f.desk.envelope('waitlist.add', added)])).results);
    expect(await entry(added.id)).toMatchObject({ status: 'waiting', patientId: added.patientId, providerId: null, timeOfDay: 'morning', appointmentId: null, practiceId: f.practice.id });
    const [audit] = await database.db.select().from(auditLog).where(and(eq(auditLog.action, 'waitlist.added'), eq(auditLog.targetId, added.id)));
    expect(audit?.patientId).toBe(added.patientId);
    expect(JSON.stringify(audit?.metadata ?? null)).not.toContain('short notice');

    // Tuesday 2026-12-08, 09:00 Chicago.
    const booking = f.booking({ patientId: added.patientId, startsAt: '2026-12-08T15:00:00.000Z', endsAt: '2026-12-08T15:30:00.000Z', waitlistEntryId: added.id });
    expectApplied((await f.desk.push([f.desk.envelope('appointments.book', booking)])).results);
    expect(await entry(added.id)).toMatchObject({ status: 'booked', appointmentId: booking.id });

    // The front desk's replica receives the entry, booked.
    const pulled = (await f.desk.pull({})).changes.find((change) => change.op === 'put' && change.table === 'waitlist_entries' && change.row.id === added.id);
    expect(pulled).toMatchObject({ row: { status: 'booked', appointmentId: booking.id } });

    // Removing a booked entry changes nothing.
    expectApplied((await f.desk.push([f.desk.envelope('waitlist.remove', { practiceId: f.practice.id, entryId: added.id })])).results);
    expect(await entry(added.id)).toMatchObject({ status: 'booked', appointmentId: booking.id });
  });

  it('removes a waiting entry', async () => {
    const added = waitlistArgs({ patientId: f.patients[1]?.id, providerId: f.ids.providers[1], locationId: f.location.id, latestDate: null, timeOfDay: 'any', note: null });
    expectApplied((await f.desk.push([f.desk.envelope('waitlist.add', added)])).results);
    expectApplied((await f.desk.push([f.desk.envelope('waitlist.remove', { practiceId: f.practice.id, entryId: added.id })])).results);
    expect(await entry(added.id)).toMatchObject({ status: 'removed', appointmentId: null });
    const [audit] = await database.db.select().from(auditLog).where(and(eq(auditLog.action, 'waitlist.removed'), eq(auditLog.targetId, added.id)));
    expect(audit?.patientId).toBe(added.patientId);

    // An entry that does not exist is not found.
    const missing = await f.desk.push([f.desk.envelope('waitlist.remove', { practiceId: f.practice.id, entryId: uuidv7() })]);
    expect(missing.results[0]).toMatchObject({ status: 'rejected', error: { code: 'NOT_FOUND' } });
  });

  it('refuses a date window that ends before it starts', async () => {
    const backwards = waitlistArgs({ earliestDate: '2026-12-10', latestDate: '2026-12-01' });
    const { results } = await f.desk.push([f.desk.envelope('waitlist.add', backwards)]);
    expect(results[0]).toMatchObject({ status: 'rejected', error: { code: 'VALIDATION_FAILED', fields: [{ path: 'latestDate' }] } });
    expect(await entry(backwards.id)).toBeUndefined();
  });

  it('refuses another practice’s patient, provider or entry as if they did not exist', async () => {
    const elsewhere = await seedSchedulingPractice(database);
    const foreignPatient = waitlistArgs({ patientId: elsewhere.patients[0]?.id });
    const foreignProvider = waitlistArgs({ providerId: elsewhere.ids.providers[0] });
    const { results } = await f.desk.push([foreignPatient, foreignProvider].map((args) => f.desk.envelope('waitlist.add', args)));
    expect(results).toEqual([
      expect.objectContaining({ status: 'rejected', error: expect.objectContaining({ code: 'VALIDATION_FAILED', fields: [{ path: 'patientId', message: 'This patient was not found in this practice' }] }) as unknown }),
      expect.objectContaining({ status: 'rejected', error: expect.objectContaining({ fields: [{ path: 'providerId', message: 'This provider was not found in this practice' }] }) as unknown }),
    ]);
    expect(await entry(foreignPatient.id)).toBeUndefined();
    expect(await entry(foreignProvider.id)).toBeUndefined();

    // Their waitlist entry cannot be removed from here.
    const theirs = { practiceId: elsewhere.practice.id, id: uuidv7(), patientId: elsewhere.patients[0]?.id, typeId: elsewhere.ids.consult, providerId: null, locationId: null, earliestDate: '2026-12-07', latestDate: null, timeOfDay: 'any', note: null };
    expectApplied((await elsewhere.desk.push([elsewhere.desk.envelope('waitlist.add', theirs)])).results);
    const removal = await f.desk.push([f.desk.envelope('waitlist.remove', { practiceId: f.practice.id, entryId: theirs.id })]);
    expect(removal.results[0]).toMatchObject({ status: 'rejected', error: { code: 'NOT_FOUND' } });
    expect(await entry(theirs.id)).toMatchObject({ status: 'waiting' });
  });

  it('lets only roles that may write the schedule add to the waitlist', async () => {
    const billing = await deviceFor(database, f, 'billing');
    const refused = await billing.push([billing.envelope('waitlist.add', waitlistArgs())]);
    expect(refused.results[0]).toMatchObject({ status: 'rejected', error: { code: 'FORBIDDEN' } });
  });
});
