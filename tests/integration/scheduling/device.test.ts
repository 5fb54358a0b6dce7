import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/lib/db/client';
import { Replicator } from '@/lib/sync/client/replicator';
import { openNodeSqliteStore } from '@/lib/sync/client/sqlite/node-sqlite';
import type { SyncActor } from '@/lib/sync/server/push';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { createInProcessTransport } from '../sync/in-process-transport';
import { expectApplied, seedSchedulingPractice, type SchedulingFixture } from './fixture';

/*
 * Scheduling on a device (real encrypted wa-sqlite, the real replicator and server): what the device
 * shows optimistically while offline is what the server then decides, row for row — series
 * occurrences included, because both derive their ids and times from the same plan — and a booking
 * whose slot was taken meanwhile comes back as a conflict, rebooked through the inbox's resolution.
 */

let t: TestDatabase;
let database: Database;
let f: SchedulingFixture;
const opened: { stop: () => void; close: () => Promise<void> }[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  database = t.database;
  f = await seedSchedulingPractice(database);
});
afterAll(async () => {
  for (const device of opened) {
    device.stop();
    await device.close();
  }
  await t.dispose();
});

const openDevice = async (actor: SyncActor, online: () => boolean) => {
  const store = await openNodeSqliteStore({ key: 'b'.repeat(64) });
  const transport = createInProcessTransport(database, () => actor, { offline: () => !online() });
  const replicator = await Replicator.open({ store, transport, userId: actor.userId, setTimer: () => null, clearTimer: () => undefined, autoSync: false });
  const device = {
    replicator,
    stop: () => replicator.stop(),
    close: () => store.close(),
    rows: async (table: string) =>
      (await store.connection.all<{ data: string }>(`select data from ${table} where practice_id = ? order by id`, [f.practice.id])).map(
        (row) => JSON.parse(row.data) as Record<string, unknown>,
      ),
  };
  opened.push(device);
  return device;
};

/** What the calendar shows of an appointment. */
const shown = (row: Record<string, unknown>) => ({ id: row.id, startsAt: row.startsAt, endsAt: row.endsAt, status: row.status, providerId: row.providerId, detached: row.detached });

describe('scheduling on a device', () => {
  it('shows offline exactly what the server then decides: a series, an edit of all of it, and a single booking', async () => {
    let online = true;
    const device = await openDevice(f.frontDesk, () => online);
    await device.replicator.sync();
    expect((await device.rows('providers')).length).toBe(2);

    online = false;
    const seriesId = uuidv7();
    await device.replicator.mutate('appointment_series.create', {
      practiceId: f.practice.id,
      id: seriesId,
      patientId: f.patients[0]?.id,
      providerId: f.ids.providers[0],
      locationId: f.location.id,
      roomId: null,
      typeId: f.ids.consult,
      rule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=4',
      startDate: '2027-02-01',
      startTime: '09:00',
      durationMinutes: 30,
      notes: null,
      outOfHoursReason: null,
    });
    await device.replicator.mutate('appointment_series.edit', {
      practiceId: f.practice.id,
      seriesId,
      scope: 'all',
      fromDate: '2027-02-08',
      newSeriesId: null,
      changes: { startTime: '11:30' },
      outOfHoursReason: null,
    });
    await device.replicator.mutate('appointments.book', f.booking({ startsAt: '2027-02-02T15:00:00.000Z', endsAt: '2027-02-02T15:30:00.000Z' }));
    const optimistic = (await device.rows('appointments')).map(shown);
    expect(optimistic).toHaveLength(5);

    online = true;
    await device.replicator.sync();
    expect(device.replicator.getStatus().pending).toBe(0);
    const confirmed = (await device.rows('appointments')).map(shown);
    expect(confirmed).toEqual(optimistic);
    expect(confirmed.filter((row) => String(row.startsAt).endsWith('17:30:00.000Z'))).toHaveLength(3);
  });

  it('turns a booking whose slot was taken meanwhile into a conflict, and rebooks it at the chosen time', async () => {
    let online = false;
    const laptop = await openDevice(f.owner, () => online);
    online = true;
    await laptop.replicator.sync();
    online = false;
    const mine = f.booking({ patientId: f.patients[1]?.id, startsAt: '2027-02-03T16:00:00.000Z', endsAt: '2027-02-03T16:30:00.000Z' });
    await laptop.replicator.mutate('appointments.book', mine);
    // Meanwhile the front desk takes the slot.
    expectApplied((await f.desk.push([f.desk.envelope('appointments.book', f.booking({ patientId: f.patients[2]?.id, startsAt: mine.startsAt, endsAt: mine.endsAt }))])).results);

    online = true;
    await laptop.replicator.sync();
    expect((await laptop.rows('appointments')).find((row) => row.id === mine.id)).toBeUndefined();
    const conflict = (await laptop.rows('conflicts')).find((row) => row.entityId === mine.id);
    expect(conflict).toMatchObject({ reason: 'slot_taken', status: 'open', mutationName: 'appointments.book' });

    await laptop.replicator.mutate('conflicts.resolve', {
      practiceId: f.practice.id,
      conflictId: conflict?.id,
      resolution: 'merged',
      values: { startsAt: '2027-02-03T16:30:00.000Z', endsAt: '2027-02-03T17:00:00.000Z' },
    });
    // Booked on the device at once, before the server has seen it.
    expect((await laptop.rows('appointments')).find((row) => row.id === mine.id)).toMatchObject({ startsAt: '2027-02-03T16:30:00.000Z', status: 'booked' });
    await laptop.replicator.sync();
    expect((await laptop.rows('appointments')).find((row) => row.id === mine.id)).toMatchObject({ startsAt: '2027-02-03T16:30:00.000Z', status: 'booked', version: expect.any(Number) as unknown });
    expect((await laptop.rows('conflicts')).find((row) => row.id === conflict?.id)).toMatchObject({ status: 'resolved', resolution: 'merged' });
  });
});
