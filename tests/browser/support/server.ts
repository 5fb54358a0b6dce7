import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { build } from 'esbuild';
import { browserBundleOptions } from '../../../scripts/build-local-db';

/*
 * A static server for the browser tests, laid out as Next serves the app: public/ at the root, the
 * output of scripts/build-local-db.ts at /local-db/ (built by the test into a temporary directory
 * rather than public/local-db, so a test run never rewrites files a running app serves), plus a
 * test page and its bundled script, plus whatever routes a test adds (the sync API: sync-api.ts). On 127.0.0.1, which browsers treat as a secure context, so
 * OPFS, Web Locks and crypto.subtle are available.
 *
 * Both get the Content-Security-Policy we propose for the app (docs/decisions/0011): the page the
 * app's own (nonce + 'strict-dynamic', worker-src 'self'), the worker files their own policy,
 * which must allow compiling wasm ('wasm-unsafe-eval') and nothing else.
 */

const projectDir = path.resolve(import.meta.dirname, '../../..');
const publicDir = path.join(projectDir, 'public');

/** The CSP for /local-db/*: a worker's policy comes from its own response, not from the page. */
export const LOCAL_DB_CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'";

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.html': 'text/html; charset=utf-8',
};

const pageCsp = (nonce: string) =>
  [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    "worker-src 'self' blob:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
  ].join('; ');

const page = (nonce: string) => `<!doctype html>
<html><head><meta charset="utf-8"><title>local database test page</title></head>
<body><script type="module" nonce="${nonce}" src="/__test__/harness.js"></script></body></html>`;

export type TestServer = { baseURL: string; close: () => Promise<void> };

const send = (response: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}) => {
  response.writeHead(status, { 'Content-Type': type, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store', ...headers });
  response.end(body);
};

const LOCAL_DB_PREFIX = '/local-db/';

/** The file under `root` a URL path names, or undefined when it would leave `root`. */
const fileUnder = (root: string, urlPath: string): string | undefined => {
  const file = path.join(root, path.normalize(urlPath));
  return file.startsWith(`${root}${path.sep}`) ? file : undefined;
};

/** Extra routes: answers the request and returns true, or returns false to leave it to the static files. */
export type TestRoutes = (request: IncomingMessage, response: ServerResponse, url: URL) => boolean;

/** Starts the server on a free port, serving the worker build in `localDbDir`; the harness is bundled once, here. */
export const startTestServer = async ({ localDbDir, routes }: { localDbDir: string; routes?: TestRoutes }): Promise<TestServer> => {
  const harness = await build({
    ...browserBundleOptions({ minify: false }),
    entryPoints: [path.join(import.meta.dirname, 'harness.ts')],
    write: false,
  });
  const harnessJs = harness.outputFiles[0]?.text ?? '';

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (routes?.(request, response, url)) {
      return;
    }
    if (url.pathname === '/') {
      const nonce = randomBytes(16).toString('base64');
      send(response, 200, TYPES['.html'] ?? '', page(nonce), { 'Content-Security-Policy': pageCsp(nonce) });
      return;
    }
    if (url.pathname === '/__test__/harness.js') {
      send(response, 200, TYPES['.js'] ?? '', harnessJs);
      return;
    }
    const urlPath = decodeURIComponent(url.pathname);
    const file = urlPath.startsWith(LOCAL_DB_PREFIX)
      ? fileUnder(localDbDir, urlPath.slice(LOCAL_DB_PREFIX.length))
      : fileUnder(publicDir, urlPath);
    const type = file === undefined ? undefined : TYPES[path.extname(file)];
    if (file === undefined || type === undefined) {
      send(response, 404, 'text/plain', 'not found');
      return;
    }
    readFile(file).then(
      (body) => send(response, 200, type, body, { 'Content-Security-Policy': LOCAL_DB_CSP, 'Cross-Origin-Resource-Policy': 'same-origin' }),
      () => send(response, 404, 'text/plain', 'not found'),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
};
