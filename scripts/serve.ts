// The HTTP server in front of Next.js, started by scripts/start.ts (never under the react-server
// condition: Next.js loads its own React builds). It exists for what `next start` cannot do: a
// trustworthy client address for per-address rate limits, a clean database shutdown, and the
// background jobs (reminders), which must share this process's database (src/lib/jobs).
import { createServer } from 'node:http';
import next from 'next';
import { getConfig } from '@/lib/config/env';
import { closeProcessDatabase } from '@/lib/db/process-singleton';
import { forwardedForHeader } from '@/lib/http/forwarded-for';
import type { JobRunner } from '@/lib/jobs/job-runner';
import { startJobsInServerProcess } from '@/lib/jobs/load-job-runner';

const dev = process.argv.includes('--dev');
const config = getConfig();

const server = createServer();
const app = next({ dev, dir: process.cwd(), port: config.port, httpServer: server });
const handle = app.getRequestHandler();

await app.prepare();

server.on('request', (request, response) => {
  const forwardedFor = forwardedForHeader({
    incoming: request.headers['x-forwarded-for'],
    peerAddress: request.socket.remoteAddress,
    trustProxy: config.trustProxy,
  });
  if (forwardedFor === undefined) {
    delete request.headers['x-forwarded-for'];
  } else {
    request.headers['x-forwarded-for'] = forwardedFor;
  }
  void handle(request, response);
});

let jobs: JobRunner | null = null;
let stopping = false;

server.listen(config.port, () => {
  console.log(`• Listening on port ${config.port} (${dev ? 'development' : 'production'}).`);
  // After the server is ready, so a slow first job never delays start-up; JOBS_ENABLED=false turns
  // them off (e.g. on instances that should only serve requests).
  startJobsInServerProcess()
    .then((runner) => {
      if (stopping) {
        void runner?.stop(); // shutting down already: never reopen the database for a first run
        return;
      }
      jobs = runner;
      console.log(runner === null ? '• Background jobs are off (JOBS_ENABLED=false).' : '• Background jobs started.');
    })
    .catch((error: unknown) => console.error(`Background jobs could not start: ${error instanceof Error ? error.message : String(error)}`));
});

const stop = (signal: NodeJS.Signals): void => {
  if (stopping) {
    return;
  }
  stopping = true;
  console.log(`• ${signal}: finishing open requests, then closing the database…`);
  // Requests in flight get ten seconds; then the database is closed cleanly either way, because
  // PGlite flushes its files on close.
  const deadline = setTimeout(() => server.closeAllConnections(), 10_000);
  server.close(() => {
    clearTimeout(deadline);
    // A job run in progress finishes (it records what it sent) before the database closes, for up
    // to twenty seconds: a mail server that hangs must not keep the process from stopping.
    void Promise.race([jobs?.stop(), new Promise((resolve) => setTimeout(resolve, 20_000).unref())])
      .catch((error: unknown) => console.error(`Stopping background jobs failed: ${String(error)}`))
      .then(() => closeProcessDatabase())
      .catch((error: unknown) => console.error(`Closing the database failed: ${String(error)}`))
      .finally(() => process.exit(0));
  });
  server.closeIdleConnections();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
