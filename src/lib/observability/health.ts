import 'server-only';
import { randomUUID } from 'node:crypto';
import { unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '@/lib/db/client';
import { checkDatabaseReachable, getMigrationStatus } from '@/lib/db/migrate';
import packageJson from '../../../package.json';
import type { Logger } from './logger';

/*
 * Liveness and readiness (GET /api/health, GET /api/health/ready).
 *
 * Liveness answers "is the process serving requests" and touches nothing else: a load balancer
 * that restarts instances on a failed liveness check must not restart them all because the
 * database is down. Readiness answers "can this instance do its work": the database answers, its
 * schema is current, and the data directory takes writes. `npm start` waits on readiness and
 * prints the failing checks' messages, so messages are short and for operators — they never carry
 * driver errors (which may name hosts or users); those go to the log.
 */

export type HealthStatus = 'pass' | 'fail';

export type HealthCheck = {
  name: string;
  status: HealthStatus;
  durationMs: number;
  message?: string;
};

export type LivenessReport = {
  status: 'ok';
  checks: [{ name: 'process'; status: 'pass' }];
  version: string;
  uptimeSeconds: number;
};

export type ReadinessReport = {
  status: 'ok' | 'fail';
  checks: HealthCheck[];
};

/** The app's version (package.json). */
export const APP_VERSION: string = packageJson.version;

/** Liveness: the process answers. No I/O. */
export const getLiveness = (): LivenessReport => ({
  status: 'ok',
  checks: [{ name: 'process', status: 'pass' }],
  version: APP_VERSION,
  uptimeSeconds: Math.floor(process.uptime()),
});

export type ReadinessOptions = {
  /** The database, or a getter for it (the route passes the singleton's, which may fail to open). */
  database: Database | (() => Database | Promise<Database>);
  /** The data directory (`config.dataDir`). */
  dataDir: string;
  /** Deadline of each check (default 3 s): a hung dependency fails readiness, it does not hang it. */
  timeoutMs?: number;
  /** Where failure detail goes. */
  log?: Pick<Logger, 'warn'>;
};

class CheckFailed extends Error {
  override name = 'CheckFailed';
}

const withTimeout = async <T>(work: Promise<T>, timeoutMs: number): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CheckFailed(`no answer within ${timeoutMs} ms`)), timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
};

/**
 * Runs one check: `run` resolves to an optional message on success and throws (or times out) on
 * failure. The answer then says the CheckFailed's message, or `failMessage` for any other error,
 * whose own text goes to the log only.
 */
const runCheck = async (
  name: string,
  run: () => Promise<string | undefined>,
  { failMessage, timeoutMs, log }: { failMessage: string; timeoutMs: number; log?: Pick<Logger, 'warn'> },
): Promise<HealthCheck> => {
  const started = performance.now();
  const durationMs = () => Math.round(performance.now() - started);
  try {
    const message = await withTimeout(run(), timeoutMs);
    return { name, status: 'pass', durationMs: durationMs(), ...(message === undefined ? {} : { message }) };
  } catch (error) {
    log?.warn({ check: name, err: error }, 'readiness check failed');
    // A CheckFailed carries a message written for the answer; anything else stays in the log.
    const message = error instanceof CheckFailed ? error.message : failMessage;
    return { name, status: 'fail', durationMs: durationMs(), message };
  }
};

/** Writes and deletes a small file: proves the directory exists and takes writes. */
const probeDataDir = async (dataDir: string): Promise<undefined> => {
  const probe = path.join(dataDir, `.health-${randomUUID()}.tmp`);
  await writeFile(probe, 'ok', { flag: 'wx', mode: 0o600 });
  await unlink(probe);
  return undefined;
};

/** Readiness: every check runs (in parallel), each with a deadline; `fail` when any fails. */
export const checkReadiness = async ({
  database,
  dataDir,
  timeoutMs = 3_000,
  log,
}: ReadinessOptions): Promise<ReadinessReport> => {
  // Opened once and shared by the two database checks; an open that fails fails both.
  const opened: Promise<Database> = (async () => (typeof database === 'function' ? database() : database))();
  opened.catch(() => undefined); // observed by the checks below; never an unhandled rejection

  const checks = await Promise.all([
    runCheck(
      'database',
      async () => {
        const result = await checkDatabaseReachable(await opened, { timeoutMs });
        if (!result.ok) {
          throw new Error(result.error);
        }
        return undefined;
      },
      { failMessage: 'the database does not answer', timeoutMs, log },
    ),
    runCheck(
      'migrations',
      async () => {
        const status = await getMigrationStatus(await opened);
        if (status.pending.length > 0) {
          throw new CheckFailed(`${status.pending.length} migration(s) pending`);
        }
        return undefined;
      },
      { failMessage: 'the database schema is not current', timeoutMs, log },
    ),
    runCheck('data_directory', () => probeDataDir(dataDir), {
      failMessage: 'the data directory is missing or not writable',
      timeoutMs,
      log,
    }),
  ]);
  return { status: checks.every((check) => check.status === 'pass') ? 'ok' : 'fail', checks };
};
