import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/lib/db/client';
import { Replicator } from '@/lib/sync/client/replicator';
import { openNodeSqliteStore } from '@/lib/sync/client/sqlite/node-sqlite';
import type { SyncTransport } from '@/lib/sync/client/transport';
import type { SyncActor } from '@/lib/sync/server/push';
import { seedStaff } from '../../../factories/identity';
import { patientArgs } from '../../../factories/patients';
import { seedPractice } from '../../../factories/practices';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database';
import { createModelTransport, type WireLog } from './fault-transport';

/*
 * Two replicators on one device database — two tabs before leader election settles, the case
 * src/lib/sync/server/clients.ts serializes on the server — with their requests overlapping. The
 * model test (`race`) runs them at random; these tests pin down one interleaving deterministically:
 * tab 1's pull answer is held on the wire while tab 2 pushes and pulls, then arrives last.
 */

let t: TestDatabase;
let database: Database;

beforeAll(async () => {
  t = await createTestDatabase();
  database = t.database;
});
afterAll(async () => {
  await t.dispose();
});

const KEY = 'd'.repeat(64);

/** A transport whose next pull answer can be held until released. */
const holdable = (inner: SyncTransport) => {
  let hold: { entered: () => void; release: Promise<void> } | null = null;
  return {
    transport: {
      push: (request) => inner.push(request),
      pull: async (request) => {
        const answer = await inner.pull(request);
        const held = hold;
        hold = null;
        if (held) {
          held.entered();
          await held.release;
        }
        return answer;
      },
    } satisfies SyncTransport,
    /** Holds the next pull's answer; resolves `computed` once the server has answered it. */
    holdNextPull: () => {
      let release!: () => void;
      let entered!: () => void;
      const computed = new Promise<void>((resolve) => (entered = resolve));
      hold = { entered, release: new Promise<void>((resolve) => (release = resolve)) };
      return { computed, release };
    },
  };
};

const setup = async () => {
  const practice = await seedPractice(database);
  const log: WireLog = { committed: [], scopeViolations: [], held: [] };
  const open = async (actor: SyncActor, store?: Awaited<ReturnType<typeof openNodeSqliteStore>>) => {
    const own = store ?? (await openNodeSqliteStore({ key: KEY }));
    const wire = holdable(createModelTransport({ database, actor, wire: { online: true, armed: [] }, log }));
    const replicator = await Replicator.open({
      store: own,
      transport: wire.transport,
      userId: actor.userId,
      setTimer: () => null,
      clearTimer: () => undefined,
      autoSync: false,
    });
    return { store: own, replicator, wire };
  };
  const nurse = await seedStaff(database, practice, 'nurse');
  const tab1 = await open(nurse);
  const tab2 = await open(nurse, tab1.store);
  const desk = await open(await seedStaff(database, practice, 'front_desk'));
  const cursor = async () => (await tab1.store.transaction((tx) => tx.getCursors()))[practice.id] ?? 0;
  const city = async (id: string) => (await tab1.store.transaction((tx) => tx.getRow('patients', id)))?.city;
  return { practice, tab1, tab2, desk, cursor, city };
};

describe('two tabs of one device syncing at once', () => {
  it('share one client id and apply each mutation once', async () => {
    const { practice, tab1, tab2 } = await setup();
    expect(tab2.replicator.clientId).toBe(tab1.replicator.clientId);
    await tab1.replicator.mutate('patients.create', patientArgs(practice.id));
    await tab2.replicator.mutate('patients.create', patientArgs(practice.id));
    await Promise.all([tab1.replicator.sync(), tab2.replicator.sync()]);
    await tab1.replicator.sync();
    const rows = await tab1.store.connection.all<{ id: string }>('select id from patients');
    expect(rows).toHaveLength(2);
    expect(tab1.replicator.getStatus().pending).toBe(0);
  });

  // Found by the model tests, fixed in Replicator.pull: an older answer (tab 1's, computed before
  // tab 2's push) landing after a newer one (tab 2's) used to move the cursor back and show the older
  // row again until the next pull. A stale answer is now dropped and the replicator pulls again.
  it('never moves the cursor back or shows an older row when an older pull answer arrives last', async () => {
    const { practice, tab1, tab2, desk, cursor, city } = await setup();
    const args = patientArgs(practice.id, { city: 'Chicago' });
    await desk.replicator.mutate('patients.create', args);
    await desk.replicator.sync();
    await tab1.replicator.sync();
    // Someone else edits the patient: tab 1's next pull will carry that version.
    await desk.replicator.mutate('patients.update', { practiceId: practice.id, patientId: args.id, changes: { city: 'Evanston' }, base: { city: 'Chicago' } });
    await desk.replicator.sync();

    const held = tab1.wire.holdNextPull();
    const slow = tab1.replicator.pull();
    await held.computed;
    // Meanwhile tab 2 edits the patient, pushes, and pulls its confirmation.
    await tab2.replicator.mutate('patients.update', { practiceId: practice.id, patientId: args.id, changes: { city: 'Oak Park' }, base: { city: 'Evanston' } });
    await tab2.replicator.sync();
    const reached = await cursor();
    expect(await city(args.id)).toBe('Oak Park');

    held.release();
    await slow;
    // Both facts in one assertion, so a failure shows the cursor and the row together.
    expect({ cursor: await cursor(), city: await city(args.id) }).toEqual({ cursor: reached, city: 'Oak Park' });
  });
});
