import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { idbDatabaseName } from '@/lib/local/browser/names';
import { LOCAL_MIGRATIONS } from '@/lib/sync/client/sqlite/local-schema';
import { launchBrowser } from '../../e2e/support/browser';
import { buildLocalDb } from '../../scripts/build-local-db';
import type { Outcome } from './support/harness-api';
import { startTestServer, type TestServer } from './support/server';

/*
 * The browser's local database (issue #6 §1–2) in Debian's Chromium: the worker and wasm built by
 * scripts/build-local-db.ts, served at /local-db/ as the app serves public/local-db/, driven by the
 * page-side API through a test page. One browser for the file, a fresh context (empty storage) per
 * test.
 */

const CANARY = 'Zebulon Quackenbush-Canary';
const PRACTICE = '0193a1b2-0000-7000-8000-000000000001';

let localDbDir: string;
let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let pageErrors: string[] = [];

beforeAll(async () => {
  // The same build the app serves, made fresh: the tests never run against a stale worker.
  localDbDir = await mkdtemp(path.join(tmpdir(), 'op-local-db-'));
  await buildLocalDb({ outDir: localDbDir });
  server = await startTestServer({ localDbDir });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await rm(localDbDir, { recursive: true, force: true });
});

beforeEach(async () => {
  context = await browser.newContext({ baseURL: server.baseURL });
  pageErrors = [];
});

afterEach(async () => {
  await context.close();
  expect(pageErrors).toEqual([]);
});

const newKey = () => randomBytes(32).toString('hex');
const newFileName = () => `t-${randomUUID().slice(0, 8)}.db`;

const openPage = async (): Promise<Page> => {
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

const connect = async (page: Page, options: { fileName: string; key: string; preferVfs?: 'opfs' | 'idb' }) =>
  ok(await page.evaluate((o) => window.harness.connect(o), options));

const insertPatient = async (page: Page, familyName: string, id: string = randomUUID()) =>
  ok(
    await page.evaluate(
      ({ id, practiceId, data }) =>
        window.harness.run('insert into patients (id, practice_id, version, data) values (?, ?, 0, ?)', [id, practiceId, data]),
      { id, practiceId: PRACTICE, data: JSON.stringify({ id, practiceId: PRACTICE, familyName }) },
    ),
  );

const familyNames = async (page: Page): Promise<string[]> =>
  ok(
    await page.evaluate(() =>
      window.harness.all("select json_extract(data, '$.familyName') as name from patients order by name"),
    ),
  ).map((row) => String(row.name));

describe('the local database on OPFS', () => {
  it('keeps what was written across a reload, and only opens with its key', async () => {
    // The longest name allowed (wa-sqlite's VFSs take 64 bytes of path, and the journal has a suffix).
    const fileName = `${randomUUID().replaceAll('-', '')}${'x'.repeat(20)}.db`;
    expect(fileName).toHaveLength(55);
    const key = newKey();
    const page = await openPage();
    expect(await connect(page, { fileName, key })).toEqual({ isLeader: true, vfs: 'opfs' });
    await insertPatient(page, 'Okafor');
    await insertPatient(page, 'Lindqvist');

    await page.reload();
    await page.waitForFunction(() => document.body.dataset.ready === 'true');
    const tooLong = await page.evaluate((o) => window.harness.connect(o), { fileName: `x${fileName}`, key });
    expect(tooLong).toMatchObject({ ok: false, code: 'invalid_argument' });
    const wrong = await page.evaluate((o) => window.harness.connect(o), { fileName, key: newKey() });
    expect(wrong).toMatchObject({ ok: false, name: 'LocalDbError', code: 'wrong_key' });

    expect(await connect(page, { fileName, key })).toEqual({ isLeader: true, vfs: 'opfs' });
    expect(await familyNames(page)).toEqual(['Lindqvist', 'Okafor']);
    // The local schema was migrated by the shared store, not by this worker.
    expect(ok(await page.evaluate(() => window.harness.get('pragma user_version')))).toEqual({ user_version: LOCAL_MIGRATIONS.length });
  });

  it('stores no readable trace of a patient name in any OPFS file', async () => {
    const fileName = newFileName();
    const page = await openPage();
    await connect(page, { fileName, key: newKey() });
    const id = randomUUID();
    await insertPatient(page, CANARY, id);
    // An update and a large sort give the journal and temporary storage a chance to hold it.
    ok(await page.evaluate((rowId) => window.harness.run("update patients set data = json_set(data, '$.note', 'x') where id = ?", [rowId]), id));
    ok(await page.evaluate(() => window.harness.all('select data from patients order by data')));
    expect(await familyNames(page)).toEqual([CANARY]);
    ok(await page.evaluate(() => window.harness.close())); // releases the access handles

    const files = await page.evaluate(() => window.harness.opfsFiles());
    const databaseFile = files.find((file) => file.path === `/${fileName}`);
    expect(databaseFile?.size).toBeGreaterThanOrEqual(4096);
    const scanned = await page.evaluate((needle) => window.harness.scanOpfs(needle), CANARY);
    expect(scanned.totalBytes).toBeGreaterThanOrEqual(databaseFile?.size ?? Infinity);
    expect(scanned.nonZeroBytes).toBeGreaterThan(0);
    expect(scanned.needleFoundIn).toEqual([]);
    expect(scanned.sqliteHeaderIn).toEqual([]);

    // Control: the same scan finds the name once it is stored in the clear.
    await page.evaluate((text) => window.harness.writeOpfsFile('control.txt', text), `patient: ${CANARY}`);
    expect((await page.evaluate((needle) => window.harness.scanOpfs(needle), CANARY)).needleFoundIn).toEqual(['/control.txt']);
  });
});

describe('the IndexedDB fallback', () => {
  it('is used when asked for, keeps data across a reload and is found again without asking', async () => {
    const fileName = newFileName();
    const key = newKey();
    const page = await openPage();
    expect(await connect(page, { fileName, key, preferVfs: 'idb' })).toEqual({ isLeader: true, vfs: 'idb' });
    await insertPatient(page, 'Nakamura');
    expect(await page.evaluate(() => window.harness.idbDatabaseNames())).toContain(idbDatabaseName(fileName));

    await page.reload();
    await page.waitForFunction(() => document.body.dataset.ready === 'true');
    // No preference now: OPFS is available, but the file lives in IndexedDB, so it is opened there.
    expect(await connect(page, { fileName, key })).toEqual({ isLeader: true, vfs: 'idb' });
    expect(await familyNames(page)).toEqual(['Nakamura']);
    expect((await page.evaluate(() => window.harness.opfsFiles())).filter((file) => file.path.includes(fileName))).toEqual([]);
  });

  it('stores no readable trace of a patient name in its IndexedDB blocks', async () => {
    const fileName = newFileName();
    const page = await openPage();
    await connect(page, { fileName, key: newKey(), preferVfs: 'idb' });
    await insertPatient(page, CANARY);
    expect(await familyNames(page)).toEqual([CANARY]);
    ok(await page.evaluate(() => window.harness.close()));

    const scanned = await page.evaluate(({ file, needle }) => window.harness.scanIdb(file, needle), { file: fileName, needle: CANARY });
    expect(scanned.fileSize).toBeGreaterThanOrEqual(4096);
    expect(scanned.totalBytes).toBeGreaterThanOrEqual(scanned.fileSize);
    expect(scanned.nonZeroBytes).toBeGreaterThan(0);
    expect(scanned.needleFoundIn).toEqual([]);
    expect(scanned.sqliteHeaderIn).toEqual([]);
  });
});

describe('one leader across tabs', () => {
  it('serves a follower through the leader, tells every tab what changed, and hands over when the leader closes', async () => {
    const fileName = newFileName();
    const key = newKey();
    const first = await openPage();
    const second = await openPage();
    expect(await connect(first, { fileName, key })).toEqual({ isLeader: true, vfs: 'opfs' });
    expect(await connect(second, { fileName, key })).toEqual({ isLeader: false, vfs: 'opfs' });

    // A write in the follower runs in the leader's worker; both tabs hear which table changed.
    await insertPatient(second, 'Abara');
    expect(await familyNames(first)).toEqual(['Abara']);
    await first.waitForFunction(() => window.harness.tableChanges().some((tables) => tables.includes('patients')));
    await second.waitForFunction(() => window.harness.tableChanges().some((tables) => tables.includes('patients')));
    const notifiedBefore = (await second.evaluate(() => window.harness.tableChanges())).length;
    await insertPatient(first, 'Brandt');
    await second.waitForFunction((count) => window.harness.tableChanges().length > count, notifiedBefore);
    expect(await familyNames(second)).toEqual(['Abara', 'Brandt']);

    // Errors cross tabs typed, and without the values that caused them.
    const duplicate = await second.evaluate(
      ({ practiceId, secret }) =>
        window.harness.run("insert into patients (id, practice_id, version, data) select id, ?, 0, ? from patients limit 1", [practiceId, secret]),
      { practiceId: PRACTICE, secret: JSON.stringify({ familyName: CANARY }) },
    );
    expect(duplicate).toEqual({ ok: false, name: 'LocalDbError', code: 'constraint', message: 'UNIQUE constraint failed: patients.id' });
    const misquoted = await second.evaluate((name) => window.harness.all(`select * from patients where data = "${name}"`), CANARY);
    expect(misquoted).toMatchObject({ ok: false, name: 'LocalDbError', code: 'sql' });
    expect(JSON.stringify(misquoted)).not.toContain('Quackenbush');

    // The leader's tab goes away: the follower takes over the same file, and statements sent
    // while nobody led are answered by the new leader.
    await first.close();
    const [rows, inserted] = await second.evaluate(async (data) => {
      const read = window.harness.all("select json_extract(data, '$.familyName') as name from patients order by name");
      const write = window.harness.run('insert into patients (id, practice_id, version, data) values (?, ?, 0, ?)', [data.id, data.practiceId, data.json]);
      return Promise.all([read, write]);
    }, { id: randomUUID(), practiceId: PRACTICE, json: JSON.stringify({ familyName: 'Castellanos' }) });
    expect(ok(rows).map((row) => row.name)).toEqual(['Abara', 'Brandt']);
    expect(ok(inserted)).toBe(1);
    expect(await second.evaluate(() => window.harness.isLeader())).toBe(true);
    expect(await familyNames(second)).toEqual(['Abara', 'Brandt', 'Castellanos']);

    // A third tab follows the new leader.
    const third = await openPage();
    expect(await connect(third, { fileName, key })).toEqual({ isLeader: false, vfs: 'opfs' });
    expect(await familyNames(third)).toEqual(['Abara', 'Brandt', 'Castellanos']);
  });
});

describe('wipe', () => {
  it('asked by a follower, closes every tab and leaves no database in OPFS', async () => {
    const fileName = newFileName();
    const key = newKey();
    const leader = await openPage();
    const follower = await openPage();
    await connect(leader, { fileName, key });
    await connect(follower, { fileName, key });
    await insertPatient(follower, CANARY);
    expect((await leader.evaluate(() => window.harness.opfsFiles())).some((file) => file.path === `/${fileName}`)).toBe(true);

    ok(await follower.evaluate(() => window.harness.wipe()));

    await leader.waitForFunction(() => !window.harness.isLeader());
    expect(await leader.evaluate(() => window.harness.all('select 1'))).toMatchObject({ ok: false, code: 'wiped' });
    const files = await leader.evaluate(() => window.harness.opfsFiles());
    expect(files.filter((file) => file.path.includes(fileName))).toEqual([]);
    // What remains is the VFS's scratch directory: empty files, no data.
    expect(files.filter((file) => file.size > 0)).toEqual([]);
    expect(await leader.evaluate(() => window.harness.idbDatabaseNames())).not.toContain(idbDatabaseName(fileName));
  });

  it('asked by the only tab, deletes the database, and a new sign-in starts an empty one', async () => {
    const fileName = newFileName();
    const page = await openPage();
    await connect(page, { fileName, key: newKey() });
    await insertPatient(page, CANARY);

    ok(await page.evaluate(() => window.harness.wipe()));

    expect(await page.evaluate(() => window.harness.isLeader())).toBe(false);
    expect((await page.evaluate(() => window.harness.opfsFiles())).filter((file) => file.path.includes(fileName))).toEqual([]);
    expect(await connect(page, { fileName, key: newKey() })).toEqual({ isLeader: true, vfs: 'opfs' });
    expect(await familyNames(page)).toEqual([]);
  });

  it('without a key (a locked app signing out) deletes the IndexedDB database a leader tab had open', async () => {
    const fileName = newFileName();
    const holder = await openPage();
    await connect(holder, { fileName, key: newKey(), preferVfs: 'idb' });
    await insertPatient(holder, CANARY);
    expect(await holder.evaluate(() => window.harness.idbDatabaseNames())).toContain(idbDatabaseName(fileName));

    const signingOut = await openPage();
    ok(await signingOut.evaluate((name) => window.harness.wipeWithoutKey(name), fileName));

    expect(await signingOut.evaluate(() => window.harness.idbDatabaseNames())).not.toContain(idbDatabaseName(fileName));
    expect(await holder.evaluate(() => window.harness.all('select 1'))).toMatchObject({ ok: false, code: 'wiped' });
  });
});
