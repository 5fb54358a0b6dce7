import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/lib/db/client';
import { auditLog } from '@/lib/db/schema/audit';
import { patients } from '@/lib/db/schema/patients';
import type { Practice } from '@/lib/db/schema/practices';
import { Replicator } from '@/lib/sync/client/replicator';
import { openNodeSqliteStore } from '@/lib/sync/client/sqlite/node-sqlite';
import type { SyncActor } from '@/lib/sync/server/push';
import { seedStaff } from '../../factories/identity';
import { patientArgs } from '../../factories/patients';
import { seedPractice } from '../../factories/practices';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { createInProcessTransport, type Faults } from './in-process-transport';

let t: TestDatabase;
let database: Database;
let practice: Practice;
const opened: { close: () => Promise<void>; stop: () => void }[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  database = t.database;
  practice = await seedPractice(database);
});
afterAll(async () => {
  for (const device of opened) {
    device.stop();
    await device.close();
  }
  await t.dispose();
});

const KEY = 'a'.repeat(64);

/** A device: a real encrypted wa-sqlite replica, the real replicator, the real server behind a flaky wire. */
const openDevice = async (actor: SyncActor, faults: Faults = {}) => {
  const store = await openNodeSqliteStore({ key: KEY });
  const transport = createInProcessTransport(database, () => actor, faults);
  // No timers and no sync on change: tests drive sync() themselves, so the order of events is theirs.
  const replicator = await Replicator.open({ store, transport, userId: actor.userId, setTimer: () => null, clearTimer: () => undefined, autoSync: false });
  const device = {
    replicator,
    store,
    transport,
    stop: () => replicator.stop(),
    close: () => store.close(),
    patient: (id: string) => store.transaction((tx) => tx.getRow('patients', id)),
    conflicts: async () =>
      (await store.connection.all<{ data: string }>('select data from conflicts')).map((row) => JSON.parse(row.data) as Record<string, unknown>),
    /** Syncs until it succeeds (a flaky wire fails some attempts). */
    settle: async () => {
      for (let attempt = 0; attempt < 200; attempt += 1) {
        try {
          await replicator.sync();
          return;
        } catch {
          // transient: try again
        }
      }
      throw new Error('did not settle');
    },
  };
  opened.push(device);
  return device;
};

describe('replicator', () => {
  it('works offline with a provisional MRN, then reaches the server and another device', async () => {
    let online = false;
    const nurse = await seedStaff(database, practice, 'nurse');
    const a = await openDevice(nurse, { offline: () => !online });
    const b = await openDevice(await seedStaff(database, practice, 'front_desk'));
    const args = patientArgs(practice.id);

    await a.replicator.mutate('patients.create', args);
    await a.replicator.mutate('patients.update', {
      practiceId: practice.id,
      patientId: args.id,
      changes: { city: 'Chicago' },
      base: { city: null },
    });
    await expect(a.replicator.sync()).rejects.toThrow('offline');
    expect(await a.patient(args.id)).toMatchObject({ mrn: expect.stringMatching(/^NEW-/), city: 'Chicago' });
    expect(a.replicator.getStatus()).toMatchObject({ pending: 2, error: { kind: 'network' }, phase: 'waiting_retry' });

    online = true;
    await a.settle();
    expect(a.replicator.getStatus()).toMatchObject({ pending: 0, error: null });
    const onServer = (await database.db.select().from(patients).where(eq(patients.id, args.id)))[0];
    expect(onServer).toMatchObject({ city: 'Chicago' });
    expect(await a.patient(args.id)).toMatchObject({ mrn: onServer?.mrn, version: onServer?.version });

    await b.settle();
    expect(await b.patient(args.id)).toMatchObject({ mrn: onServer?.mrn, city: 'Chicago' });
  });

  it('applies every change exactly once over a wire that loses answers and duplicates requests', async () => {
    let n = 0;
    const flaky = () => (n += 1) % 3 === 0;
    const nurse = await seedStaff(database, practice, 'nurse');
    const a = await openDevice(nurse, { lostAnswer: flaky, duplicate: () => n % 5 === 0 });
    const created: string[] = [];
    for (let i = 0; i < 12; i += 1) {
      const args = patientArgs(practice.id);
      created.push(args.id);
      await a.replicator.mutate('patients.create', args);
      if (i % 4 === 3) {
        await a.replicator.sync().catch(() => undefined);
      }
    }
    await a.settle();
    const [rows] = await database.db.select({ n: count() }).from(patients).where(eq(patients.createdBy, nurse.userId));
    expect(rows?.n).toBe(created.length);
    const [audited] = await database.db
      .select({ n: count() })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'patient.created'), eq(auditLog.actorUserId, nurse.userId)));
    expect(audited?.n).toBe(created.length);
    for (const id of created) {
      expect(await a.patient(id)).toMatchObject({ mrn: expect.stringMatching(/^\d{6}$/) });
    }
  });

  it('turns concurrent edits of one field into one conflict that both devices see, and converges when resolved', async () => {
    let online = false;
    const nurse = await seedStaff(database, practice, 'nurse');
    const desk = await seedStaff(database, practice, 'front_desk');
    const a = await openDevice(nurse, { offline: () => !online });
    const b = await openDevice(desk, { offline: () => !online });
    const args = patientArgs(practice.id, { phoneMobile: '+13125550100' });
    online = true;
    await a.replicator.mutate('patients.create', args);
    await a.settle();
    await b.settle();
    online = false;
    const base = { phoneMobile: '+13125550100' };
    await a.replicator.mutate('patients.update', { practiceId: practice.id, patientId: args.id, changes: { phoneMobile: '+13125550111' }, base });
    await b.replicator.mutate('patients.update', { practiceId: practice.id, patientId: args.id, changes: { phoneMobile: '+13125550122' }, base });
    online = true;
    await a.settle();
    await b.settle();
    await a.settle();
    const [conflictOnA] = await a.conflicts();
    const [conflictOnB] = await b.conflicts();
    expect(conflictOnA).toMatchObject({ reason: 'field_collision', status: 'open', mine: { phoneMobile: '+13125550122' } });
    expect(conflictOnB?.id).toBe(conflictOnA?.id);
    // The server kept the first value; both replicas show it.
    expect(await a.patient(args.id)).toMatchObject({ phoneMobile: '+13125550111' });
    expect(await b.patient(args.id)).toMatchObject({ phoneMobile: '+13125550111' });

    await b.replicator.mutate('conflicts.resolve', { practiceId: practice.id, conflictId: conflictOnB?.id, resolution: 'keep_mine' });
    // Optimistic: B shows its value and the conflict resolved before the server answers.
    expect(await b.patient(args.id)).toMatchObject({ phoneMobile: '+13125550122' });
    await b.settle();
    await a.settle();
    for (const device of [a, b]) {
      expect(await device.patient(args.id)).toMatchObject({ phoneMobile: '+13125550122' });
      expect((await device.conflicts())[0]).toMatchObject({ status: 'resolved', resolution: 'keep_mine' });
    }
  });

  it('keeps a refused change visible on the device and undoes its effect', async () => {
    const billing = await seedStaff(database, practice, 'billing');
    const device = await openDevice(billing);
    const args = patientArgs(practice.id);
    await device.replicator.mutate('patients.create', args);
    expect(await device.patient(args.id)).not.toBeNull();
    await device.settle();
    expect(await device.patient(args.id)).toBeNull();
    expect(device.replicator.getStatus()).toMatchObject({ pending: 0, rejected: 1 });
    const rejected = await device.store.transaction((tx) => tx.listRejected());
    expect(rejected[0]).toMatchObject({ name: 'patients.create', error: { code: 'FORBIDDEN' } });
    // The server recorded it too, for every device of the practice.
    expect((await device.conflicts()).some((c) => c.reason === 'rejected' && c.mutationId === 1)).toBe(true);
  });

  it('refuses invalid input at the device without writing anything', async () => {
    const nurse = await seedStaff(database, practice, 'nurse');
    const device = await openDevice(nurse);
    await expect(
      device.replicator.mutate('patients.create', { ...patientArgs(practice.id), dateOfBirth: '2999-01-01' }),
    ).rejects.toThrow();
    expect(device.replicator.getStatus().pending).toBe(0);
  });
});
