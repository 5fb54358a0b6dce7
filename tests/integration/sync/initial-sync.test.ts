import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/lib/db/client';
import { patients } from '@/lib/db/schema/patients';
import { practices, type Practice } from '@/lib/db/schema/practices';
import type { LocalStore } from '@/lib/sync/client/local-store';
import { Replicator, type ReplicatorStatus } from '@/lib/sync/client/replicator';
import { openNodeSqliteStore } from '@/lib/sync/client/sqlite/node-sqlite';
import { SEARCH_INDEXES } from '@/lib/sync/client/sqlite/local-schema';
import { parsePullResponse } from '@/lib/sync/client/check-pull-response';
import type { SyncTransport } from '@/lib/sync/client/transport';
import type { TPullRequest, TPullResponse } from '@/lib/sync/protocol/pull';
import { serializeRow } from '@/lib/sync/server/serialize-row';
import type { SyncActor } from '@/lib/sync/server/push';
import { seedMember, seedStaff, seedUser } from '../../factories/identity';
import { patientArgs } from '../../factories/patients';
import { seedPractice } from '../../factories/practices';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { createTestClient } from './helpers';
import { createInProcessTransport } from './in-process-transport';

/*
 * The pull path of an initial sync (issue #5 §7): pages built by the database in one statement,
 * pages pulled ahead while the previous one is applied, rows checked before they reach the device
 * database, and the bulk load's indexes.
 */

let t: TestDatabase;
let database: Database;
let practice: Practice;
let writer: SyncActor;

beforeAll(async () => {
  t = await createTestDatabase();
  database = t.database;
  practice = await seedPractice(database);
  writer = await seedStaff(database, practice, 'front_desk');
  const client = createTestClient(database, writer);
  // Seven patients in four versions: 1, 3 (one push of three), 1, 2.
  for (const size of [1, 3, 1, 2]) {
    await client.push(Array.from({ length: size }, () => client.envelope('patients.create', patientArgs(practice.id))));
  }
});
afterAll(async () => {
  await t.dispose();
});

const KEY = 'e'.repeat(64);

/**
 * A replica whose pulls are recorded with the number of pages the store had committed at the moment
 * each pull was sent (read without waiting for the store, whose transactions queue).
 */
const openRecordedReplica = async (actor: SyncActor, onStatus?: (status: ReplicatorStatus) => void) => {
  const store = await openNodeSqliteStore({ key: KEY });
  let committedPages = 0;
  const counting: LocalStore = {
    ...store,
    transaction: async (fn) => {
      let applied = false;
      const result = await store.transaction((tx) =>
        fn({
          ...tx,
          setCursors: async (cursors) => {
            await tx.setCursors(cursors);
            applied = true;
          },
        }),
      );
      committedPages += applied ? 1 : 0;
      return result;
    },
  };
  const pulls: { request: TPullRequest; committedPages: number; answer?: TPullResponse }[] = [];
  const inner = createInProcessTransport(database, () => actor);
  const transport: SyncTransport = {
    push: (request) => inner.push(request),
    pull: async (request) => {
      const entry: (typeof pulls)[number] = { request, committedPages };
      pulls.push(entry);
      entry.answer = await inner.pull(request);
      return entry.answer;
    },
  };
  const replicator = await Replicator.open({
    store: counting,
    transport,
    userId: actor.userId,
    autoSync: false,
    pullLimit: 2,
    setTimer: () => null,
    ...(onStatus ? { onStatus } : {}),
  });
  return { store, replicator, pulls };
};

const serverRows = async () =>
  (await database.db.select().from(patients).where(eq(patients.practiceId, practice.id))).map(
    (row) => JSON.parse(JSON.stringify(serializeRow(row))) as Record<string, unknown>,
  );

const localRows = async (store: Awaited<ReturnType<typeof openNodeSqliteStore>>) =>
  (await store.connection.all<{ data: string }>('select data from patients')).map((row) => JSON.parse(row.data) as Record<string, unknown>);

const changeSeq = async (practiceId: string) =>
  (await database.db.select({ changeSeq: practices.changeSeq }).from(practices).where(eq(practices.id, practiceId)))[0]?.changeSeq;

const byId = (rows: Record<string, unknown>[]) => [...rows].sort((a, b) => String(a.id).localeCompare(String(b.id)));

describe('initial sync', () => {
  it('pulls the next page while applying one, from where that page leaves the replica, and ends equal to the server', async () => {
    const nurse = await seedStaff(database, practice, 'nurse');
    const { store, replicator, pulls } = await openRecordedReplica(nurse);
    await replicator.sync();
    // 7 rows in pages of at most 2 on whole versions: [1], [3] (a version larger than the page is sent whole), [1], [2].
    expect(pulls.map((pull) => pull.answer?.changes.length)).toEqual([1, 3, 1, 2]);
    for (let index = 1; index < pulls.length; index += 1) {
      // Asked from the previous answer's cursors, before that answer was applied: only the pages
      // before it were in the store.
      expect(pulls[index]?.request.cursors).toEqual(pulls[index - 1]?.answer?.cursors);
      expect(pulls[index]?.committedPages).toBe(index - 1);
    }
    expect(byId(await localRows(store))).toEqual(byId(await serverRows()));
    // The bulk load built its search indexes at the end.
    const indexes = await store.connection.all<{ name: string }>("select name from sqlite_schema where type = 'index'");
    expect(indexes.map((index) => index.name)).toEqual(expect.arrayContaining(SEARCH_INDEXES.map((index) => index.name)));
    replicator.stop();
    await store.close();
  });

  it('drops a page pulled ahead when another replicator on the store got further meanwhile, and never moves a cursor back', async () => {
    const nurse = await seedStaff(database, practice, 'nurse');
    const store = await openNodeSqliteStore({ key: KEY });
    // The store's cursor for the practice at the end of every local transaction, in commit order.
    const committed: number[] = [];
    const watched: LocalStore = {
      ...store,
      transaction: (fn) =>
        store.transaction(async (tx) => {
          const result = await fn(tx);
          committed.push((await tx.getCursors())[practice.id] ?? 0);
          return result;
        }),
    };
    // Tab 1's first answer is held on the wire until tab 2 has synced everything.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let held: TPullResponse | undefined;
    const inner = createInProcessTransport(database, () => nurse);
    const slow: SyncTransport = {
      push: (request) => inner.push(request),
      pull: async (request) => {
        const answer = await inner.pull(request);
        if (!held) {
          held = answer;
          await released;
        }
        return answer;
      },
    };
    const open = (transport: SyncTransport) =>
      Replicator.open({ store: watched, transport, userId: nurse.userId, autoSync: false, pullLimit: 2, setTimer: () => null });
    const tab1 = await open(slow);
    const tab2 = await open(createInProcessTransport(database, () => nurse));
    const first = tab1.sync();
    await tab2.sync();
    const reached = (await store.transaction((tx) => tx.getCursors()))[practice.id] ?? 0;
    release();
    await first;
    // The held answer was behind the store when it arrived; applying it would have moved the cursor back.
    expect(held?.cursors[practice.id]).toBeLessThan(reached);
    expect([...committed].sort((a, b) => a - b)).toEqual(committed);
    expect(byId(await localRows(store))).toEqual(byId(await serverRows()));
    tab1.stop();
    tab2.stop();
    await store.close();
  });

  it('refuses a page with a malformed row and writes nothing of it', async () => {
    const nurse = await seedStaff(database, practice, 'nurse');
    // The server's answer with one row's field of the wrong type, checked as a device checks what
    // arrives from the wire.
    const real = createInProcessTransport(database, () => nurse);
    const tampering: SyncTransport = {
      push: (request) => real.push(request),
      pull: async (request) => {
        const answer = JSON.parse(JSON.stringify(await real.pull(request))) as { changes: { row?: Record<string, unknown> }[] };
        const first = answer.changes.find((change) => change.row);
        if (first?.row) {
          first.row.familyName = 42;
        }
        return parsePullResponse(answer);
      },
    };
    const store = await openNodeSqliteStore({ key: KEY });
    const replicator = await Replicator.open({ store, transport: tampering, userId: nurse.userId, autoSync: false, pullLimit: 2, setTimer: () => null });
    await expect(replicator.sync()).rejects.toThrow(/familyName/);
    expect(await localRows(store)).toEqual([]);
    expect(await store.transaction((tx) => tx.getCursors())).toEqual({});
    replicator.stop();
    await store.close();
  });

  it("says each practice's head, also for a practice the full page did not reach", async () => {
    const second = await seedPractice(database);
    const secondWriter = createTestClient(database, await seedStaff(database, second, 'front_desk'));
    await secondWriter.push([secondWriter.envelope('patients.create', patientArgs(second.id))]);
    const user = await seedUser(database);
    await seedMember(database, { practice, user, role: 'nurse' });
    await seedMember(database, { practice: second, user, role: 'nurse' });
    const both: SyncActor = { userId: user.id, memberships: [{ practiceId: practice.id, role: 'nurse' }, { practiceId: second.id, role: 'nurse' }] };
    const device = createTestClient(database, both);
    // One change a page: the first practice (by id) fills it; the other is only looked at.
    const first = await device.pull({}, 1);
    expect(first.changes).toHaveLength(1);
    expect(first.heads).toEqual({ [practice.id]: await changeSeq(practice.id), [second.id]: await changeSeq(second.id) });
    expect(first.hasMore).toBe(true);
    // The head moves with the practice; the cursor only with what was sent.
    await secondWriter.push([secondWriter.envelope('patients.create', patientArgs(second.id))]);
    const next = await device.pull(first.cursors, 1);
    expect(next.heads?.[second.id]).toBe(await changeSeq(second.id));
  });

  it('reports the first sync in rows and in percent of the way to the heads, which only grows', async () => {
    const nurse = await seedStaff(database, practice, 'nurse');
    const statuses: ReplicatorStatus[] = [];
    const { store, replicator, pulls } = await openRecordedReplica(nurse, (status) => statuses.push(status));
    await replicator.sync();
    const head = await changeSeq(practice.id);
    expect(pulls.map((pull) => pull.answer?.heads?.[practice.id])).toEqual(pulls.map(() => head));
    const progress = statuses.flatMap((status) => (status.progress ? [status.progress] : []));
    // Before the first answer the percent is unknown; after each page it is the share of versions
    // passed: the cursor that page left, of the head (the sync started from 0).
    expect(progress[0]).toEqual({ applied: 0, percent: null });
    const afterPages = pulls.slice(0, -1).map((pull, index) => ({
      applied: pulls.slice(0, index + 1).reduce((sum, p) => sum + (p.answer?.changes.length ?? 0), 0),
      percent: Math.floor((100 * (pull.answer?.cursors[practice.id] ?? 0)) / (head ?? 1)),
    }));
    const known = progress.filter((entry) => entry.percent !== null);
    const distinct = known.filter((entry, index) => index === 0 || JSON.stringify(entry) !== JSON.stringify(known[index - 1]));
    expect(distinct).toEqual(afterPages);
    const percents = progress.flatMap((entry) => (entry.percent === null ? [] : [entry.percent]));
    expect(percents.length).toBeGreaterThan(1);
    expect([...percents].sort((a, b) => a - b)).toEqual(percents);
    expect(percents.every((percent) => percent > 0 && percent < 100)).toBe(true);
    expect(statuses.at(-1)?.progress).toBeNull();
    replicator.stop();
    await store.close();
  });

  it('shows rows only when the server does not say its heads (a server from before them)', async () => {
    const nurse = await seedStaff(database, practice, 'nurse');
    const real = createInProcessTransport(database, () => nurse);
    const older: SyncTransport = {
      push: (request) => real.push(request),
      pull: async (request) => {
        const { heads: _heads, ...answer } = await real.pull(request);
        return answer;
      },
    };
    const statuses: ReplicatorStatus[] = [];
    const store = await openNodeSqliteStore({ key: KEY });
    const replicator = await Replicator.open({ store, transport: older, userId: nurse.userId, autoSync: false, pullLimit: 2, setTimer: () => null, onStatus: (status) => statuses.push(status) });
    await replicator.sync();
    const progress = statuses.flatMap((status) => (status.progress ? [status.progress] : []));
    expect(progress.map((entry) => entry.percent)).toEqual(progress.map(() => null));
    expect(Math.max(...progress.map((entry) => entry.applied))).toBeGreaterThan(0);
    expect(byId(await localRows(store))).toEqual(byId(await serverRows()));
    replicator.stop();
    await store.close();
  });
});
