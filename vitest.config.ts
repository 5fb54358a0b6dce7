import path from 'node:path';
import { defineConfig } from 'vitest/config';

const alias = {
  '@': path.resolve(import.meta.dirname, 'src'),
  // Tests run server modules directly; `server-only` only guards client bundles.
  'server-only': path.resolve(import.meta.dirname, 'node_modules/server-only/empty.js'),
};

// Four projects: fast unit tests beside the code, integration tests against real databases
// (PGlite always; PostgreSQL when TEST_DATABASE_URL is set — see scripts/test-all.ts), the device
// database in Debian's Chromium, and end-to-end tests in Debian's Chromium.
export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'scripts/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          setupFiles: ['tests/integration/setup.ts'],
        },
      },
      {
        resolve: { alias },
        test: {
          // The device database (src/lib/local/browser) in real Chromium, served by a tiny static
          // server; no Next.js involved.
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          // Real Chromium against the real server started by `npm start`'s own script.
          name: 'e2e',
          include: ['e2e/**/*.e2e.ts'],
          environment: 'node',
          globalSetup: ['e2e/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
