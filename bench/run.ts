// npm run bench – the figures of DESIGN.md §8 measured on the running app (then bench/sync/run.ts,
// the sync engine's, runs as the second half of `npm run bench`).
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { startAppProcess } from '../scripts/lib/app-process';
import { DEMO_ACCOUNTS } from '@/lib/domain/identity/demo-staff';
import { launchBrowser } from '../e2e/support/browser';
import { addSessionCookies, signInThroughApi } from '../e2e/support/session';
import { benchTransactions } from './transactions';
import { percentile, printFigure } from './report';

/**
 * First-load JavaScript of the signed-in shell, gzip-compressed as a browser would receive it: on
 * /documents, a page that is the shell and an empty state (DESIGN §8's figure), and on /schedule,
 * the page people land on after signing in, which carries the calendar (reported against the same
 * budget, so its weight stays in sight).
 */
const benchFirstLoadJs = async (baseURL: string): Promise<void> => {
  const owner = DEMO_ACCOUNTS.find((account) => account.role === 'owner');
  if (owner === undefined) {
    throw new Error('no demo owner');
  }
  const browser = await launchBrowser();
  try {
    const cookies = await signInThroughApi(baseURL, owner);
    for (const [path, label] of [
      ['/documents', 'first-load JS of the signed-in shell (/documents: shell and an empty state)'],
      ['/schedule', 'first-load JS of the landing page (/schedule: shell and the calendar)'],
    ] as const) {
      const context = await browser.newContext();
      await addSessionCookies(context, baseURL, cookies);
      const page = await context.newPage();
      // The page's own scripts are its first load; the device database worker (public/local-db)
      // loads in a worker once the page runs, off the path to a usable screen, and is reported apart.
      const scripts: Promise<{ worker: boolean; bytes: number }>[] = [];
      page.on('response', (response) => {
        if (response.request().resourceType() === 'script') {
          const worker = new URL(response.url()).pathname.startsWith('/local-db/');
          scripts.push(response.body().then((body) => ({ worker, bytes: gzipSync(body, { level: 9 }).length })));
        }
      });
      await page.goto(`${baseURL}${path}`, { waitUntil: 'networkidle' });
      if (!page.url().endsWith(path)) {
        throw new Error(`expected the signed-in ${path}, got ${page.url()}`);
      }
      const sizes = await Promise.all(scripts);
      const total = (worker: boolean) => {
        const files = sizes.filter((size) => size.worker === worker);
        return { kB: files.reduce((sum, size) => sum + size.bytes, 0) / 1024, files: files.length };
      };
      const own = total(false);
      printFigure(label, `${own.kB.toFixed(1)} kB gzip in ${own.files} files`, { text: '≤ 250 kB gzip', met: own.kB <= 250 });
      if (path === '/schedule') {
        const worker = total(true);
        printFigure('device database worker, loaded by the page once it runs (wa-sqlite glue, sync engine)', `${worker.kB.toFixed(1)} kB gzip in ${worker.files} files`, null);
      }
      await context.close();
    }
  } finally {
    await browser.close();
  }
};

/** Latency of one endpoint under 50 concurrent clients (bounded: 2,000 requests on loopback). */
const benchEndpoint = async (
  baseURL: string,
  path: string,
  describe: string,
  budget: ((p95: number) => { text: string; met: boolean }) | null,
): Promise<void> => {
  const url = `${baseURL}${path}`;
  const clients = 50;
  const perClient = 40;
  for (let i = 0; i < 50; i += 1) {
    await fetch(url).then((r) => r.arrayBuffer()); // warm-up
  }
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = 0; i < perClient; i += 1) {
        const t0 = performance.now();
        const response = await fetch(url);
        await response.arrayBuffer();
        if (!response.ok) {
          throw new Error(`${path} answered ${response.status}`);
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const p95 = percentile(latencies, 95);
  printFigure(
    `GET ${path} (${describe}), ${clients} concurrent clients, ${latencies.length} requests`,
    `p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, ${(latencies.length / seconds).toFixed(0)} req/s`,
    budget === null ? null : budget(p95),
  );
};

const main = async (): Promise<void> => {
  console.log('OpenPractice benchmarks (figures, not pass/fail tests)\n');
  await benchTransactions();
  const app = await startAppProcess({ logFile: path.resolve('bench/artifacts/server.log') });
  try {
    // No REST read endpoint exists yet: liveness measures what every API request pays (proxy,
    // route wrapper, logging) against the REST read budget; readiness adds three checks that
    // touch the embedded database and the disk, and is a probe, not a read endpoint.
    await benchEndpoint(app.baseURL, '/api/health', 'request pipeline, no database', (p95) => ({
      text: 'REST reads p95 ≤ 50 ms',
      met: p95 <= 50,
    }));
    await benchEndpoint(app.baseURL, '/api/health/ready', 'probe: database, migrations, disk on PGlite', null);
    await benchFirstLoadJs(app.baseURL);
  } finally {
    await app.stop();
  }
};

await main();
