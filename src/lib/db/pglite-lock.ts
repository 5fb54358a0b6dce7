import 'server-only';
import fs from 'node:fs/promises';
import path from 'node:path';

/*
 * PGlite has no postmaster.pid: two PGlite instances (two processes, or two module copies in one
 * process) opening the same directory both write to it and corrupt the database. This lock file
 * beside the directory makes the second opener fail with a clear message instead.
 */

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Takes the lock for `dataDir`; returns the function that releases it. */
export const lockPgliteDir = async (dataDir: string): Promise<() => Promise<void>> => {
  const lockPath = path.join(path.dirname(dataDir), `${path.basename(dataDir)}.lock`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await fs.writeFile(lockPath, String(process.pid), { flag: 'wx', mode: 0o600 });
      return async () => {
        await fs.rm(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw error;
      }
      const holder = Number.parseInt(await fs.readFile(lockPath, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
        const who = holder === process.pid ? 'this process' : `process ${holder}`;
        throw new Error(
          `The embedded database ${dataDir} is already open in ${who}; stop it first (lock file ${lockPath}).`,
        );
      }
      // Left behind by a process that died without closing: take it over.
      await fs.rm(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock the embedded database ${dataDir} (lock file ${lockPath}).`);
};
