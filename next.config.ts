import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Loaded from node_modules at run time rather than bundled: PGlite ships wasm and data files,
  // pino spawns worker threads by file path, argon2 is a native addon, and nodemailer and pg
  // use Node APIs in ways bundlers mangle.
  serverExternalPackages: ['@electric-sql/pglite', 'pino', 'pino-pretty', 'pg', 'nodemailer', '@node-rs/argon2'],
  poweredByHeader: false,
  reactStrictMode: true,
  // src/proxy.ts sets the full header set (with the per-request CSP nonce) on pages and API
  // answers but skips build assets; these get the headers that apply to static files. No CSP
  // here: a second policy without the nonce would be combined with the first and block the app.
  headers: () =>
    Promise.resolve([
      {
        source: '/_next/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Cross-Origin-Resource-Policy', value: 'same-origin' },
          { key: 'Referrer-Policy', value: 'same-origin' },
          { key: 'X-Frame-Options', value: 'DENY' },
        ],
      },
      {
        // The device database worker (scripts/build-local-db.ts). A worker's CSP is the one of its
        // own response: it may load its own chunks and compile wasm, and nothing else.
        source: '/local-db/:path*',
        headers: [
          { key: 'Content-Security-Policy', value: "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'" },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Cross-Origin-Resource-Policy', value: 'same-origin' },
          { key: 'Referrer-Policy', value: 'same-origin' },
        ],
      },
      {
        // The service worker (scripts/build-sw.ts). Its own CSP governs what it fetches: only this
        // origin, no scripts beyond itself. no-cache: browsers check it against the server on every
        // update check, so a new build is seen at once.
        source: '/sw.js',
        headers: [
          {
            key: 'Content-Security-Policy',
            value: "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
          },
          { key: 'Cache-Control', value: 'no-cache' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Cross-Origin-Resource-Policy', value: 'same-origin' },
          { key: 'Referrer-Policy', value: 'same-origin' },
        ],
      },
      {
        // The static offline page the service worker shows for online-only pages: an inline
        // stylesheet and one link, nothing else.
        source: '/offline.html',
        headers: [
          {
            key: 'Content-Security-Policy',
            value: "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
          },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Cross-Origin-Resource-Policy', value: 'same-origin' },
          { key: 'Referrer-Policy', value: 'same-origin' },
        ],
      },
      {
        source: '/icons/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Cross-Origin-Resource-Policy', value: 'same-origin' },
        ],
      },
    ]),
};

export default nextConfig;
