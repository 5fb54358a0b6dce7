import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { GET as readiness } from '@/app/api/health/ready/route';
import { GET as liveness } from '@/app/api/health/route';
import { getConfig, resetConfigForTests } from '@/lib/config/env';
import { closeDatabase, getDatabase } from '@/lib/db/client';
import { checkReadiness, type HealthCheck } from '@/lib/observability/health';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

/*
 * Health logic against real databases: `checkReadiness` takes the database and data directory as
 * parameters, so each case brings its own. The routes only pass the process singletons.
 */

let migrated: TestDatabase;
let unmigrated: TestDatabase;
let dataDir: string;

beforeAll(async () => {
  // The real routes log through the process logger; keep test output quiet.
  vi.stubEnv('LOG_LEVEL', 'silent');
  resetConfigForTests();
  [migrated, unmigrated] = await Promise.all([createTestDatabase(), createTestDatabase({ migrate: false })]);
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'openpractice-health-'));
});

afterAll(async () => {
  await closeDatabase();
  await Promise.all([
    migrated.dispose(),
    unmigrated.dispose(),
    rm(dataDir, { recursive: true, force: true }),
    // The process data directory that tests/integration/setup.ts points at (used by the route test).
    rm(getConfig().dataDir, { recursive: true, force: true }),
  ]);
  vi.unstubAllEnvs();
});

const byName = (checks: HealthCheck[]) => new Map(checks.map((check) => [check.name, check]));

describe('GET /api/health (liveness)', () => {
  it('answers ok without touching anything, uncached', async () => {
    const response = await liveness(new Request('http://localhost:3000/api/health'));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({
      status: 'ok',
      checks: [{ name: 'process', status: 'pass' }],
      version: expect.stringMatching(/^\d+\.\d+\.\d+/) as string,
      uptimeSeconds: expect.any(Number) as number,
    });
  });
});

describe('GET /api/health/ready (readiness route)', () => {
  it('checks the process singletons: 503 on the fresh, unmigrated process database', async () => {
    // tests/integration/setup.ts points the process at an empty temporary data directory and no
    // DATABASE_URL, so the singleton is a new, unmigrated embedded database there. The directory
    // itself is created first, as `npm start` does before the server runs.
    await mkdir(getConfig().dataDir, { recursive: true });
    // Opened first, as the server's start does: creating an embedded database (initdb in wasm, and
    // its extensions) can take longer than the readiness check's 3-second answer time on a busy machine.
    await getDatabase();
    const response = await readiness(new Request('http://localhost:3000/api/health/ready'));
    expect(response.status).toBe(503);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as { status: string; checks: HealthCheck[] };
    expect(body.status).toBe('fail');
    const checks = byName(body.checks);
    expect(checks.get('database')?.status).toBe('pass');
    expect(checks.get('migrations')?.status).toBe('fail');
    expect(checks.get('data_directory')?.status).toBe('pass');
  });
});

describe('checkReadiness', () => {
  it('passes on a migrated database with a writable data directory, leaving no probe file', async () => {
    const report = await checkReadiness({ database: migrated.database, dataDir });
    expect(report.status).toBe('ok');
    expect(report.checks.map((check) => check.name)).toEqual(['database', 'migrations', 'data_directory']);
    for (const check of report.checks) {
      expect(check).toMatchObject({ status: 'pass', durationMs: expect.any(Number) as number });
    }
    expect(await readdir(dataDir)).toEqual([]);
  });

  it('fails naming migrations on an unmigrated database, with only a count', async () => {
    const report = await checkReadiness({ database: unmigrated.database, dataDir });
    expect(report.status).toBe('fail');
    const checks = byName(report.checks);
    expect(checks.get('database')?.status).toBe('pass');
    expect(checks.get('migrations')).toMatchObject({ status: 'fail', message: expect.stringMatching(/^\d+ migration\(s\) pending$/) as string });
    expect(checks.get('data_directory')?.status).toBe('pass');
  });

  it('fails naming data_directory when it is not a writable directory', async () => {
    // Root ignores permission bits, so "unwritable" is a regular file where the directory should be.
    const notADirectory = path.join(dataDir, 'not-a-directory');
    await writeFile(notADirectory, 'x');
    try {
      const missing = await checkReadiness({ database: migrated.database, dataDir: path.join(dataDir, 'missing') });
      const blocked = await checkReadiness({ database: migrated.database, dataDir: notADirectory });
      for (const report of [missing, blocked]) {
        expect(report.status).toBe('fail');
        const checks = byName(report.checks);
        expect(checks.get('data_directory')).toMatchObject({
          status: 'fail',
          message: 'the data directory is missing or not writable',
        });
        expect(checks.get('database')?.status).toBe('pass');
        // The operating system's error (with the path) stays out of the answer.
        expect(JSON.stringify(report)).not.toContain('ENOTDIR');
        expect(JSON.stringify(report)).not.toContain('ENOENT');
      }
    } finally {
      await rm(notADirectory, { force: true });
    }
  });

  it('fails both database checks, without driver detail, when the database cannot be opened', async () => {
    const warnings: unknown[] = [];
    const report = await checkReadiness({
      database: () => Promise.reject(new Error('password authentication failed for user "clinic_admin"')),
      dataDir,
      log: { warn: (object: unknown) => warnings.push(object) },
    });
    expect(report.status).toBe('fail');
    const checks = byName(report.checks);
    expect(checks.get('database')).toMatchObject({ status: 'fail', message: 'the database does not answer' });
    expect(checks.get('migrations')?.status).toBe('fail');
    expect(checks.get('data_directory')?.status).toBe('pass');
    expect(JSON.stringify(report)).not.toContain('clinic_admin');
    expect(warnings).toHaveLength(2);
  });

  it('a check that hangs fails at its deadline instead of hanging readiness', async () => {
    const started = performance.now();
    const report = await checkReadiness({ database: () => new Promise(() => undefined), dataDir, timeoutMs: 200 });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(byName(report.checks).get('database')).toMatchObject({ status: 'fail', message: 'no answer within 200 ms' });
  });
});
