import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // PGlite ships wasm and data files that must be loaded from node_modules at run time,
  // and pino spawns worker threads by file path: neither survives bundling.
  serverExternalPackages: ['@electric-sql/pglite', 'pino', 'pino-pretty', 'pg'],
  poweredByHeader: false,
  reactStrictMode: true,
  // The build directory is configurable so that end-to-end tests can build next to a developer's
  // own `.next` without clobbering it.
  distDir: process.env.NEXT_DIST_DIR ?? '.next',
};

export default nextConfig;
