import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // PGlite ships wasm and data files that must be loaded from node_modules at run time,
  // and pino spawns worker threads by file path: neither survives bundling.
  serverExternalPackages: ['@electric-sql/pglite', 'pino', 'pino-pretty', 'pg'],
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
    ]),
};

export default nextConfig;
