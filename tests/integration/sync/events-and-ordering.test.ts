import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/lib/db/client';
import type { Practice } from '@/lib/db/schema/practices';
import type { TPoke } from '@/lib/sync/protocol/events';
import { createSyncEventHub, type SyncEventHub } from '@/lib/sync/server/event-hub';
import { seedStaff } from '../../factories/identity';
import { patientArgs } from '../../factories/patients';
import { seedPractice } from '../../factories/practices';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { createTestClient } from './helpers';

let t: TestDatabase;
let database: Database;
let practice: Practice;
let hub: SyncEventHub;

beforeAll(async () => {
  t = await createTestDatabase();
  database = t.database;
  practice = await seedPractice(database);
  hub = await createSyncEventHub(database);
});
afterAll(async () => {
  await hub.close();
  await t.dispose();
});

const waitFor = async (check: () => boolean, what: string) => {
  for (let i = 0; i < 200; i += 1) {
    if (check()) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
};

describe('pokes', () => {
  it("delivers a commit's version to subscribers of that practice only, after commit", async () => {
    const other = await seedPractice(database);
    const nurse = await seedStaff(database, practice, 'nurse');
    const mine: TPoke[] = [];
    const theirs: TPoke[] = [];
    const stopMine = hub.subscribe(() => [practice.id], (poke) => mine.push(poke));
    const stopTheirs = hub.subscribe(() => [other.id], (poke) => theirs.push(poke));
    const device = createTestClient(database, nurse);
    await device.push([device.envelope('patients.create', patientArgs(practice.id))]);
    const pulled = await device.pull({});
    await waitFor(() => mine.length > 0, 'a poke');
    expect(mine.at(-1)).toEqual({ practiceId: practice.id, version: pulled.cursors[practice.id] });
    expect(theirs).toEqual([]);
    stopMine();
    stopTheirs();
  });

  it('sends no poke for a push that commits nothing new', async () => {
    const nurse = await seedStaff(database, practice, 'nurse');
    const device = createTestClient(database, nurse);
    const create = device.envelope('patients.create', patientArgs(practice.id));
    const seen: TPoke[] = [];
    const stop = hub.subscribe(() => [practice.id], (poke) => seen.push(poke));
    await device.push([create]);
    // The first push's poke arrives (asynchronously, on PostgreSQL) before the repeat is sent.
    await waitFor(() => seen.length === 1, 'the first poke');
    await device.push([create]); // a repeat
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seen).toHaveLength(1);
    stop();
  });
});

describe('no skipped change (DESIGN §5 invariant 1)', () => {
  it('a reader pulling while writers commit concurrently ends with every row, each version once', async () => {
    const p = await seedPractice(database);
    const writers = await Promise.all([0, 1, 2, 3].map(() => seedStaff(database, p, 'front_desk')));
    const reader = createTestClient(database, await seedStaff(database, p, 'nurse'));
    const created = new Set<string>();
    const received = new Set<string>();
    let cursors: Record<string, number> = {};
    let writing = true;

    const write = async (index: number) => {
      const actor = writers[index];
      if (!actor) {
        return;
      }
      const device = createTestClient(database, actor);
      for (let round = 0; round < 8; round += 1) {
        const batch = [0, 1].map(() => patientArgs(p.id));
        await device.push(batch.map((args) => device.envelope('patients.create', args)));
        batch.forEach((args) => created.add(args.id));
      }
    };
    const read = async () => {
      while (writing) {
        const answer = await reader.pull(cursors, 7);
        answer.changes.forEach((change) => change.op === 'put' && received.add(String(change.row.id)));
        cursors = answer.cursors;
      }
    };
    const reading = read();
    await Promise.all([0, 1, 2, 3].map(write));
    writing = false;
    await reading;
    // Catch up after the last commit.
    for (let page = 0; page < 20; page += 1) {
      const answer = await reader.pull(cursors, 7);
      answer.changes.forEach((change) => change.op === 'put' && received.add(String(change.row.id)));
      cursors = answer.cursors;
      if (!answer.hasMore) {
        break;
      }
    }
    expect(received.size).toBe(created.size);
    expect([...created].every((id) => received.has(id))).toBe(true);
  }, 60_000);
});
