import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * PGlite is a single-process database: two servers opening the same directory would corrupt
 * it. The start script takes this lock for the lifetime of the app and refuses a second start
 * on the same data directory with a clear message.
 */

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM means the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
}

/** Takes the lock or throws `DataDirLockedError`; returns a function that releases it. */
export const lockDataDir = (dataDir: string): (() => void) => {
  mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, 'openpractice.pid');
  try {
    writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
  } catch {
    const holder = Number.parseInt(readFileSync(lockFile, 'utf8'), 10);
    if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
      throw new DataDirLockedError(
        `The data directory ${dataDir} is in use by process ${holder}; stop it first or set DATA_DIR to another directory.`,
      );
    }
    // A stale lock from a crashed run.
    writeFileSync(lockFile, String(process.pid));
  }
  return () => rmSync(lockFile, { force: true });
};
