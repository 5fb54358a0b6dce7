// The HTTP server in front of Next.js, started by scripts/start.ts (never under the react-server
// condition: Next.js loads its own React builds). It exists for two things `next start` cannot do:
// a trustworthy client address for per-address rate limits, and a clean database shutdown.
import { createServer } from 'node:http';
import next from 'next';
import { getConfig } from '@/lib/config/env';
import { closeProcessDatabase } from '@/lib/db/process-singleton';
import { forwardedForHeader } from '@/lib/http/forwarded-for';

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

server.listen(config.port, () => {
  console.log(`• Listening on port ${config.port} (${dev ? 'development' : 'production'}).`);
});

let stopping = false;
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
    void closeProcessDatabase()
      .catch((error: unknown) => console.error(`Closing the database failed: ${String(error)}`))
      .finally(() => process.exit(0));
  });
  server.closeIdleConnections();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
