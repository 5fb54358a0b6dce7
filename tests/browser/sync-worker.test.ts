// The database guard of the integration tests: getConfig()/getDatabase() can never reach the
// developer's data directory or DATABASE_URL from here either. First, before anything reads config.
import '../integration/setup';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { uuidv7 } from 'uuidv7';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { patients } from '@/lib/db/schema/patients';
import type { Practice } from '@/lib/db/schema/practices';
import { withActor } from '@/lib/db/tx';
import { provisionalMrn, type TCreatePatient } from '@/lib/domain/patients/schemas';
import type { LocalSyncStatus } from '@/lib/local/browser/worker-protocol';
import { MAX_PULL_LIMIT } from '@/lib/sync/protocol/pull';
import { SYNC_PROTOCOL_VERSION } from '@/lib/sync/protocol/version';
import { processPush, type SyncActor } from '@/lib/sync/server/push';
import { launchBrowser } from '../../e2e/support/browser';
import { buildLocalDb } from '../../scripts/build-local-db';
import { seedStaff } from '../factories/identity';
import { patientArgs } from '../factories/patients';
import { seedPractice } from '../factories/practices';
import { createTestDatabase, type TestDatabase } from '../integration/helpers/test-database';
import type { Outcome } from './support/harness-api';
import { startTestServer, type TestServer } from './support/server';
import { createSyncApi, type SyncApi } from './support/sync-api';

/*
 * The sync engine in the leader tab's database worker (issue #6 §1–3, §6), in Debian's Chromium:
 * the worker built by scripts/build-local-db.ts syncs over HTTP with the real push, pull and event
 * stream code (support/sync-api.ts) on an in-memory PGlite database. Each test has its own practice
 * and front-desk member, and browser contexts of its own: one context is one device.
 *
 * Nothing here waits on a clock: the devices' safety-net sync runs every five minutes, so a change
 * that reaches another device within the test's timeouts came through a poke.
 */

let localDbDir: string;
let t: TestDatabase;
let api: SyncApi;
let server: TestServer;
let browser: Browser;

let practice: Practice;
let staff: SyncActor;
let contexts: BrowserContext[] = [];
let pageErrors: string[] = [];

beforeAll(async () => {
  localDbDir = await mkdtemp(path.join(tmpdir(), 'op-local-db-sync-'));
  await buildLocalDb({ outDir: localDbDir });
  t = await createTestDatabase();
  api = await createSyncApi(t.database);
  server = await startTestServer({ localDbDir, routes: api.routes });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await api?.close();
  await t?.dispose();
  await rm(localDbDir, { recursive: true, force: true });
});

beforeEach(async () => {
  practice = await seedPractice(t.database);
  staff = await seedStaff(t.database, practice, 'front_desk');
  api.actAs(staff);
  api.signIn();
  contexts = [];
  pageErrors = [];
});

afterEach(async () => {
  await Promise.all(contexts.map((context) => context.close()));
  expect(pageErrors).toEqual([]);
  expect(api.unexpectedErrors()).toEqual([]);
});

const newDevice = async (): Promise<BrowserContext> => {
  const context = await browser.newContext({ baseURL: server.baseURL });
  contexts.push(context);
  return context;
};

const openPage = async (context: BrowserContext): Promise<Page> => {
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto('/');
  await page.waitForFunction(() => document.body.dataset.ready === 'true');
  return page;
};

const ok = <T>(outcome: Outcome<T>): T => {
  if (!outcome.ok) {
    throw new Error(`expected success, got ${outcome.name} ${outcome.code ?? ''}: ${outcome.message}`);
  }
  return outcome.value;
};

/** One database file per device (the app's per user and installation). */
const newDatabase = () => ({ fileName: `s-${randomUUID().slice(0, 8)}.db`, key: randomBytes(32).toString('hex') });

const connect = async (page: Page, database: { fileName: string; key: string }) =>
  ok(await page.evaluate((options) => window.harness.connect(options), { ...database, sync: { userId: staff.userId } }));

type StatusWanted = {
  phase?: LocalSyncStatus['phase'];
  running?: boolean;
  online?: boolean;
  pokes?: LocalSyncStatus['pokes'];
  pending?: number;
  /** The error kind, or null for none. */
  error?: string | null;
  /** A sync has completed at least once. */
  synced?: boolean;
};

/**
 * Waits until the tab's latest sync status (from onSyncStatus) matches, and answers it; with
 * `since`, only once the tab has heard more than that many statuses.
 */
const waitForStatus = async (page: Page, wanted: StatusWanted, { timeout = 15_000, since = 0 } = {}): Promise<LocalSyncStatus> => {
  const handle = await page.waitForFunction(
    ({ since: heard, ...w }) => {
      const statuses = window.harness.syncStatuses();
      const s = statuses.at(-1);
      const matches =
        s !== undefined &&
        statuses.length > heard &&
        (w.phase === undefined || s.phase === w.phase) &&
        (w.running === undefined || s.running === w.running) &&
        (w.online === undefined || s.online === w.online) &&
        (w.pokes === undefined || s.pokes === w.pokes) &&
        (w.pending === undefined || s.pending === w.pending) &&
        (w.error === undefined || (s.error?.kind ?? null) === w.error) &&
        (w.synced === undefined || (s.lastSyncedAt !== null) === w.synced);
      return matches ? s : false;
    },
    { ...wanted, since },
    { timeout },
  );
  return (await handle.jsonValue()) as LocalSyncStatus;
};

const IN_SYNC: StatusWanted = { running: true, phase: 'idle', synced: true, pokes: 'open', pending: 0, error: null };

const mutate = (page: Page, name: string, args: unknown) =>
  page.evaluate(([mutationName, mutationArgs]) => window.harness.mutate(mutationName as string, mutationArgs), [name, args] as const);

/** The device's local row of a patient, as its screens would read it. */
const localPatient = async (page: Page, id: string) =>
  ok(
    await page.evaluate(
      (patientId) =>
        window.harness.get(
          "select json_extract(data, '$.familyName') as familyName, json_extract(data, '$.mrn') as mrn from patients where id = ?",
          [patientId],
        ),
      id,
    ),
  ) ?? null;

const localMeta = async (page: Page, key: string) =>
  (ok(await page.evaluate((metaKey) => window.harness.get('select value from meta where key = ?', [metaKey]), key)) ?? null)?.value ?? null;

/** The practice's patients on the server, as the member may read them. */
const serverPatients = () =>
  withActor(t.database, { userId: staff.userId, practiceIds: [practice.id] }, (tx) =>
    tx.select({ id: patients.id, familyName: patients.familyName, mrn: patients.mrn }).from(patients).where(eq(patients.practiceId, practice.id)),
  );

describe('sync in the leader tab’s worker', () => {
  it('sends a mutation to the server, and a poke brings it to another device and to every tab there', async () => {
    const deviceA = await openPage(await newDevice());
    const deviceB = await newDevice();
    const leaderB = await openPage(deviceB);
    const followerB = await openPage(deviceB);
    await connect(deviceA, newDatabase());
    const databaseB = newDatabase();
    expect(await connect(leaderB, databaseB)).toMatchObject({ isLeader: true });
    expect(await connect(followerB, databaseB)).toMatchObject({ isLeader: false });
    await waitForStatus(deviceA, IN_SYNC);
    await waitForStatus(leaderB, IN_SYNC);
    // The follower hears the leader's status too.
    await waitForStatus(followerB, IN_SYNC);
    const tablesSeenBefore = (await followerB.evaluate(() => window.harness.tableChanges())).length;

    const patient: TCreatePatient = patientArgs(practice.id, { familyName: 'Abernathy' });
    expect(ok(await mutate(deviceA, 'patients.create', patient))).toBe(1);
    // Optimistic: on device A at once, with a provisional MRN until the server allocates one.
    expect(await localPatient(deviceA, patient.id)).toEqual({ familyName: 'Abernathy', mrn: provisionalMrn(patient.id) });

    // On device B, in the follower tab too, with the server's MRN: it came through the server.
    await expect.poll(() => localPatient(followerB, patient.id), { timeout: 10_000 }).toMatchObject({ familyName: 'Abernathy' });
    const [onServer] = await serverPatients();
    expect(onServer).toMatchObject({ id: patient.id, familyName: 'Abernathy' });
    expect(await localPatient(followerB, patient.id)).toEqual({ familyName: 'Abernathy', mrn: onServer?.mrn });
    expect(onServer?.mrn).not.toBe(provisionalMrn(patient.id));
    // The pull's changes reached the follower's onTablesChanged.
    const tablesSeen = (await followerB.evaluate(() => window.harness.tableChanges())).slice(tablesSeenBefore);
    expect(tablesSeen.some((tables) => tables.includes('patients'))).toBe(true);

    // Device A's outbox empties once its own pull confirms the mutation.
    const settledA = await waitForStatus(deviceA, { ...IN_SYNC, pending: 0 });
    expect(settledA).toMatchObject({ rejected: 0, oldestPendingAt: null });
    await expect.poll(() => localPatient(deviceA, patient.id)).toEqual({ familyName: 'Abernathy', mrn: onServer?.mrn });
  });

  it('offline, queues mutations and shows them pending with a network error; back online, syncs them', async () => {
    const device = await newDevice();
    const page = await openPage(device);
    await connect(page, newDatabase());
    await waitForStatus(page, IN_SYNC);

    await device.setOffline(true);
    await waitForStatus(page, { online: false });
    const first = patientArgs(practice.id);
    const second = patientArgs(practice.id);
    expect(ok(await mutate(page, 'patients.create', first))).toBe(1);
    expect(ok(await mutate(page, 'patients.create', second))).toBe(2);
    // Refused by the schema: nothing written, the field named, the input not repeated.
    const invalid = await mutate(page, 'patients.create', { ...patientArgs(practice.id), dateOfBirth: 'Quackenbush' });
    expect(invalid).toMatchObject({ ok: false, name: 'LocalDbError', code: 'invalid_mutation' });
    expect(new Set(invalid.ok ? [] : invalid.fields?.map((field) => field.path))).toEqual(new Set(['dateOfBirth']));
    expect(JSON.stringify(invalid)).not.toContain('Quackenbush');

    const offline = await waitForStatus(page, { pending: 2, error: 'network' });
    expect(offline).toMatchObject({ running: true, online: false, rejected: 0 });
    expect(offline.oldestPendingAt).not.toBeNull();
    expect(await serverPatients()).toEqual([]);

    await device.setOffline(false);
    await waitForStatus(page, { ...IN_SYNC, online: true });
    expect((await serverPatients()).map((row) => row.id).sort()).toEqual([first.id, second.id].sort());
  });

  it('applies a mutation relayed by a follower once, even when the leader ran it and closed before answering', async () => {
    const device = await newDevice();
    const leader = await openPage(device);
    const follower = await openPage(device);
    const database = newDatabase();
    await connect(leader, database);
    await connect(follower, database);
    await waitForStatus(follower, IN_SYNC);

    // The leader runs what followers ask, but its answers never leave the tab.
    await leader.evaluate(() => window.harness.dropTabMessages(['response']));
    const patient = patientArgs(practice.id, { familyName: 'Once' });
    const relayed = mutate(follower, 'patients.create', patient);
    await expect.poll(() => localPatient(leader, patient.id)).toMatchObject({ familyName: 'Once' });
    const heardBefore = (await follower.evaluate(() => window.harness.syncStatuses())).length;
    await leader.close();

    // The follower took over, sent the mutate to itself again and got the first run's answer.
    expect(ok(await relayed)).toBe(1);
    expect(await follower.evaluate(() => window.harness.isLeader())).toBe(true);
    expect(await localMeta(follower, 'last_mutation_id')).toBe('1');
    // The new leader runs sync: the mutation (pushed by the old one, or now) is confirmed, never refused.
    const settled = await waitForStatus(follower, IN_SYNC, { since: heardBefore });
    expect(settled.rejected).toBe(0);
    expect((await serverPatients()).map((row) => row.id)).toEqual([patient.id]);
  });

  it('stops on a signed-out session and shows why; queues meanwhile; syncNow after signing in resumes', async () => {
    const page = await openPage(await newDevice());
    await connect(page, newDatabase());
    await waitForStatus(page, IN_SYNC);

    // The stream ends; the device's next sync is answered 401 and sync stops.
    api.signOut();
    const stopped = await waitForStatus(page, { running: false, error: 'unauthenticated' });
    expect(stopped).toMatchObject({ phase: 'stopped', pokes: 'closed' });
    const patient = patientArgs(practice.id);
    expect(ok(await mutate(page, 'patients.create', patient))).toBe(1);
    await waitForStatus(page, { running: false, pending: 1 });

    api.signIn();
    const resumed = ok(await page.evaluate(() => window.harness.syncNow()));
    expect(resumed).toMatchObject({ running: true, pending: 0, error: null });
    expect((await serverPatients()).map((row) => row.id)).toEqual([patient.id]);
  });

  it('loads a practice on first sync in several pages, reporting progress in rows and percent between them', async () => {
    // One page more than the largest the server answers (replicas ask for that size): two pages at least.
    const rows = MAX_PULL_LIMIT + 1_000;
    await pushPatients(staff, rows);
    const page = await openPage(await newDevice());
    await connect(page, newDatabase());
    await waitForStatus(page, IN_SYNC, { timeout: 30_000 });

    const statuses = await page.evaluate(() => window.harness.syncStatuses());
    const applied = statuses.flatMap((status) => (status.phase === 'pulling' && status.progress ? [status.progress.applied] : []));
    // Counted per sync run: the first run reports the rows of its first page before it asks for more.
    expect(applied.some((count) => count > 0 && count < rows)).toBe(true);
    // And how far, from the heads the server's answers carry (through the real route and worker).
    const percents = statuses.flatMap((status) => (status.phase === 'pulling' && typeof status.progress?.percent === 'number' ? [status.progress.percent] : []));
    expect(percents.some((percent) => percent > 0 && percent < 100)).toBe(true);
    expect(statuses.at(-1)?.progress).toBeNull();
    expect(ok(await page.evaluate(() => window.harness.get('select count(*) as n from patients')))).toEqual({ n: rows });
  });
});

/** Creates `count` patients on the server through the real push, as another device of `actor` would. */
const pushPatients = async (actor: SyncActor, count: number) => {
  const clientId = uuidv7();
  const BATCH = 500;
  for (let start = 0; start < count; start += BATCH) {
    const mutations = Array.from({ length: Math.min(BATCH, count - start) }, (_, index) => ({
      id: start + index + 1,
      name: 'patients.create',
      args: patientArgs(practice.id),
      baseVersions: {},
      createdAt: new Date().toISOString(),
    }));
    const answer = await processPush({
      database: t.database,
      actor,
      push: { protocolVersion: SYNC_PROTOCOL_VERSION, clientId, mutations },
      request: { requestId: 'seed', ipAddress: '127.0.0.1', userAgent: 'vitest' },
    });
    expect(answer.results.every((result) => result.status === 'applied')).toBe(true);
  }
};
