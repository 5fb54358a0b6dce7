// npm start / npm run dev – builds if needed, migrates and seeds the database, serves the app.
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError, getConfig, type AppConfig } from '@/lib/config/env';
import { buildLocalDb } from './build-local-db';
import { SW_OUT_FILE } from './build-sw';
import { ensureBuild } from './lib/build';
import { describeDatabase, prepareDatabase } from './lib/prepare-database';

const projectDir = process.cwd();
const dev = process.argv.includes('--dev');

/** Stops with one clear line: operators read the first line, not a stack trace. */
const fail = (message: string): never => {
  console.error(`✖ ${message}`);
  process.exit(1);
};

const waitForReady = async (config: AppConfig, child: ReturnType<typeof spawn>): Promise<void> => {
  const url = `http://127.0.0.1:${config.port}/api/health/ready`;
  const deadline = Date.now() + 120_000;
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      fail(`The server stopped during start-up (exit code ${child.exitCode}).`);
    }
    try {
      const response = await fetch(url);
      if (response.ok) {
        return;
      }
      const body = (await response.json()) as { checks?: { name: string; status: string; message?: string }[] };
      lastProblem = (body.checks ?? [])
        .filter((check) => check.status !== 'pass')
        .map((check) => `${check.name}: ${check.message ?? 'failing'}`)
        .join('; ');
    } catch {
      // Not listening yet.
    }
    await sleep(300);
  }
  fail(`The app did not become ready within two minutes (${lastProblem}).`);
};

const printBanner = (config: AppConfig, demo: Awaited<ReturnType<typeof prepareDatabase>>): void => {
  const lines = [
    '',
    `  OpenPractice is running at ${config.appUrl}`,
    `  Database: ${describeDatabase(config)}`,
    `  Health:   ${config.appUrl}/api/health/ready`,
  ];
  if (demo.practices.length > 0) {
    lines.push('', '  Demo practices:');
    for (const practice of demo.practices) {
      lines.push(`    • ${practice.name} (${practice.slug})`);
    }
  }
  if (demo.accounts.length > 0) {
    const [first] = demo.accounts;
    lines.push(
      '',
      `  Demo staff (members of every demo practice), password "${first?.password ?? ''}".`,
      '  Each has two-factor sign-in: add the setup key to an authenticator app (e.g. "enter a setup key").',
      '',
      `    ${'role'.padEnd(11)} ${'email'.padEnd(38)} setup key`,
    );
    for (const account of demo.accounts) {
      lines.push(`    ${account.role.padEnd(11)} ${account.email.padEnd(38)} ${account.totpKey}`);
    }
    lines.push('', `  Sign in at ${config.appUrl}/sign-in, or create your own practice at ${config.appUrl}/sign-up.`);
  } else {
    lines.push('', `  Create your practice and its owner account at ${config.appUrl}/sign-up.`);
  }
  lines.push('', '  Press Ctrl+C to stop.', '');
  console.log(lines.join('\n'));
};

const main = async (): Promise<void> => {
  // `next start` serves a production build; an unset NODE_ENV would read as development.
  (process.env as Record<string, string | undefined>).NODE_ENV ??= dev ? 'development' : 'production';
  let config: AppConfig;
  try {
    config = getConfig();
  } catch (error) {
    return fail(error instanceof ConfigError ? error.message : String(error));
  }

  // The device database worker is served from public/local-db (decision 0011); built before the
  // app's fingerprint is taken, since public/ is one of its inputs.
  try {
    await buildLocalDb();
  } catch (error) {
    return fail(`Building the local database worker failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (dev) {
    // A production run's service worker would otherwise be served to the development app and
    // answer its pages from a cache (the page unregisters any left installed, see
    // src/components/pwa/service-worker.tsx); the next `npm start` writes it again.
    await rm(SW_OUT_FILE, { force: true });
  } else if (!ensureBuild(projectDir, (line) => console.log(`• ${line}`))) {
    return fail('The build failed; see the output above.');
  }

  let demo: Awaited<ReturnType<typeof prepareDatabase>>;
  try {
    // The database is opened, migrated and closed again here, before the server starts,
    // because PGlite allows one process at a time on its directory (a second `npm start` on the
    // same directory stops here with the lock's message).
    demo = await prepareDatabase(config, (line) => console.log(`• ${line}`));
  } catch (error) {
    return fail(`Preparing the database failed: ${error instanceof Error ? error.message : String(error)}`);
  }

  // The server runs in a child process without the react-server condition this script needs.
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/serve.ts', ...(dev ? ['--dev'] : [])], {
    stdio: 'inherit',
    // Telemetry would try to reach the internet.
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    cwd: projectDir,
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('exit', (code, signal) => {
    process.exit(code ?? (signal === null ? 0 : 1));
  });

  await waitForReady(config, child);
  printBanner(config, demo);
};

void main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
