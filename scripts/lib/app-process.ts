import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** A running app started the way `npm start` starts it, with throwaway data. */
export type AppProcess = { baseURL: string; dataDir: string; stop: () => Promise<void> };

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });

/**
 * Runs scripts/start.ts (build if needed, migrate, seed, serve) on a free port with a fresh
 * data directory, so tests and benchmarks never touch a developer's data, and waits until
 * `/api/health/ready` answers 200. The server's output goes to `logFile`.
 */
export const startAppProcess = async ({ logFile, env = {} }: { logFile: string; env?: Record<string, string> }): Promise<AppProcess> => {
  const port = await freePort();
  const baseURL = `http://localhost:${port}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'openpractice-app-'));
  mkdirSync(path.dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile);

  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/start.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      APP_URL: baseURL,
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      LOG_LEVEL: 'warn',
      ...env,
    },
    // Its own process group, so that stopping it also stops the Next.js server it starts.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);

  const stop = async (): Promise<void> => {
    if (child.pid !== undefined && child.exitCode === null) {
      process.kill(-child.pid, 'SIGTERM');
      const deadline = Date.now() + 10_000;
      while (child.exitCode === null && Date.now() < deadline) {
        await sleep(100);
      }
      if (child.exitCode === null) {
        process.kill(-child.pid, 'SIGKILL');
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  // The start script builds first when the build is missing or stale: allow for that.
  const deadline = Date.now() + 8 * 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`The app exited during start-up (code ${child.exitCode}); see ${logFile}`);
    }
    try {
      if ((await fetch(`${baseURL}/api/health/ready`)).ok) {
        return { baseURL, dataDir, stop };
      }
    } catch {
      // Not listening yet.
    }
    await sleep(500);
  }
  await stop();
  throw new Error(`The app did not become ready in time; see ${logFile}`);
};
