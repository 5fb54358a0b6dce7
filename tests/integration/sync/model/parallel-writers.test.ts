import { and, eq, lte } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/lib/db/client';
import { patients } from '@/lib/db/schema/patients';
import type { Practice } from '@/lib/db/schema/practices';
import { conflicts } from '@/lib/db/schema/sync';
import { Replicator } from '@/lib/sync/client/replicator';
import { openNodeSqliteStore } from '@/lib/sync/client/sqlite/node-sqlite';
import type { TCursors } from '@/lib/sync/protocol/common';
import type { TPullResponse } from '@/lib/sync/protocol/pull';
import type { SyncActor } from '@/lib/sync/server/push';
import { seedStaff } from '../../../factories/identity';
import { patientArgs } from '../../../factories/patients';
import { seedPractice } from '../../../factories/practices';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database';
import { createTestClient } from '../helpers';
import { createModelTransport, type WireLog } from './fault-transport';

/*
 * No pull ever skips a committed change (DESIGN §5 invariant 1), under parallel writers — truly
 * parallel on PostgreSQL (TEST_DB_DRIVER=postgres: a pool of connections, transactions interleave),
 * serialized by PGlite's single connection otherwise.
 *
 * Extends tests/integration/sync/events-and-ordering.test.ts: writers are real replicas that also
 * *update* rows (which moves a row's one change-log entry to a later version — the case where a
 * skipped version would be masked by a later one) and collide on a shared patient (conflict rows).
 * The check runs after every pull, not only at the end: once a reader's cursor is at c, every row
 * whose current version is ≤ c was committed before the pull's snapshot (versions commit in order),
 * so the reader must already hold it at exactly that version. A skipped change fails here even when a
 * later update of the same row would have repaired the end state.
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

const KEY = 'c'.repeat(64);
const WRITERS = 4;
const ROUNDS = 6;

type Versions = Map<string, number>;

/** Rows of the practice whose current version is ≤ `cursor`: the ones a reader at `cursor` must hold as they are. */
const settledRows = async (practiceId: string, cursor: number): Promise<Versions> => {
  const rows = [
    ...(await database.db
      .select({ id: patients.id, version: patients.version })
      .from(patients)
      .where(and(eq(patients.practiceId, practiceId), lte(patients.version, cursor)))),
    ...(await database.db
      .select({ id: conflicts.id, version: conflicts.version })
      .from(conflicts)
      .where(and(eq(conflicts.practiceId, practiceId), lte(conflicts.version, cursor)))),
  ];
  return new Map(rows.map((row) => [row.id, row.version]));
};

const expectNothingSkipped = async (practiceId: string, cursor: number, held: Versions, who: string) => {
  const settled = await settledRows(practiceId, cursor);
  const missing = [...settled].filter(([id, version]) => held.get(id) !== version);
  expect(missing, `${who} at cursor ${cursor} lacks committed changes (id, version)`).toEqual([]);
  const ahead = [...held].filter(([, version]) => version > cursor);
  expect(ahead, `${who} holds versions beyond its cursor ${cursor}`).toEqual([]);
};

const openReplica = async (actor: SyncActor, log: WireLog) => {
  const store = await openNodeSqliteStore({ key: KEY });
  const transport = createModelTransport({ database, actor, wire: { online: true, armed: [] }, log });
  const replicator = await Replicator.open({ store, transport, userId: actor.userId, setTimer: () => null, clearTimer: () => undefined, autoSync: false });
  return { store, replicator };
};

const localVersions = async (store: Awaited<ReturnType<typeof openNodeSqliteStore>>): Promise<Versions> => {
  const rows = [
    ...(await store.connection.all<{ id: string; version: number }>('select id, version from patients')),
    ...(await store.connection.all<{ id: string; version: number }>('select id, version from conflicts')),
  ];
  return new Map(rows.map((row) => [row.id, Number(row.version)]));
};

describe('no skipped change under parallel writers', () => {
  it('every pull, paged or not, holds every change committed up to its cursor, and the readers end equal to the server', async () => {
    const practice: Practice = await seedPractice(database);
    const log: WireLog = { committed: [], scopeViolations: [], held: [] };
    const shared = patientArgs(practice.id, { city: 'Chicago' });
    // Opened one after another: concurrent openNodeSqliteStore calls can share one SQLite handle
    // (see ./concurrent-open.test.ts).
    const writers: Awaited<ReturnType<typeof openReplica>>[] = [];
    for (let n = 0; n < WRITERS; n += 1) {
      writers.push(await openReplica(await seedStaff(database, practice, 'front_desk'), log));
    }
    // Everyone starts from one shared patient, so concurrent edits collide (conflict rows are synced too).
    await writers[0]?.replicator.mutate('patients.create', shared);
    for (const writer of writers) {
      await writer.replicator.sync();
    }

    const write = async (writer: (typeof writers)[number], index: number) => {
      const own: string[] = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        for (const args of [patientArgs(practice.id), patientArgs(practice.id)]) {
          await writer.replicator.mutate('patients.create', args);
          own.push(args.id);
        }
        // Update an earlier patient of this writer (moves its change-log entry forward) and the shared one.
        for (const id of [own[round % own.length] ?? shared.id, shared.id]) {
          const row = await writer.store.transaction((tx) => tx.getRow('patients', id));
          const city = `City ${index}-${round}`;
          await writer.replicator.mutate('patients.update', {
            practiceId: practice.id,
            patientId: id,
            changes: { city },
            base: { city: (row?.city as string | null | undefined) ?? null },
          });
        }
        await writer.replicator.sync();
      }
    };

    // Reader 1: the raw protocol with small pages (a page must end on a whole version).
    const paged = createTestClient(database, await seedStaff(database, practice, 'nurse'));
    const pagedHeld: Versions = new Map();
    let pagedCursors: TCursors = {};
    const pullPage = async (): Promise<TPullResponse> => {
      const answer = await paged.pull(pagedCursors, 5);
      for (const change of answer.changes) {
        if (change.op === 'put') {
          pagedHeld.set(String(change.row.id), Number(change.row.version));
        } else {
          pagedHeld.delete(change.id);
        }
      }
      const cursor = answer.cursors[practice.id] ?? 0;
      expect(cursor, 'the paged reader’s cursor never goes back').toBeGreaterThanOrEqual(pagedCursors[practice.id] ?? 0);
      pagedCursors = answer.cursors;
      await expectNothingSkipped(practice.id, cursor, pagedHeld, 'paged reader');
      return answer;
    };

    // Reader 2: a real replica (Replicator + wa-sqlite) pulling while the writers commit.
    const replica = await openReplica(await seedStaff(database, practice, 'provider'), log);
    let replicaCursor = 0;
    const pullReplica = async () => {
      await replica.replicator.pull();
      const cursor = (await replica.store.transaction((tx) => tx.getCursors()))[practice.id] ?? 0;
      expect(cursor, 'the replica’s cursor never goes back').toBeGreaterThanOrEqual(replicaCursor);
      replicaCursor = cursor;
      await expectNothingSkipped(practice.id, cursor, await localVersions(replica.store), 'replica reader');
    };

    let writing = true;
    let pulls = 0;
    const read = async () => {
      while (writing) {
        await pullPage();
        await pullReplica();
        pulls += 1;
      }
    };
    const reading = read();
    await Promise.all(writers.map(write)).finally(() => {
      writing = false;
    });
    await reading;
    // Catch up after the last commit.
    while ((await pullPage()).hasMore) {
      // next page
    }
    await pullReplica();

    const everything = await settledRows(practice.id, Number.MAX_SAFE_INTEGER);
    expect(pagedHeld).toEqual(everything);
    expect(await localVersions(replica.store)).toEqual(everything);
    // Figures, not assertions on speed: how much interleaving this run saw.
    console.info(`parallel writers (${t.driver}): ${log.committed.length} pushes, ${everything.size} rows, ${pulls} concurrent pull rounds`);
    expect(pulls).toBeGreaterThan(0);
    for (const writer of [...writers, replica]) {
      writer.replicator.stop();
      await writer.store.close();
    }
  });
});
