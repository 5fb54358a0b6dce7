// POST /api/test/practices – test-only route: creates a practice through the real route wrapper
import { count } from 'drizzle-orm';
import { createApiRoute, type ApiRouteDeps } from '@/lib/api/route';
import type { RateLimitStore } from '@/lib/api/rate-limit/store';
import type { Database } from '@/lib/db/client';
import { practices } from '@/lib/db/schema/practices';
import { ZCreatePractice } from '@/lib/domain/practices/schemas';
import { seedPractice } from '../../../factories/practices';
import { captureLogger, type LogLines } from '../../../support/capture-logger';

export const APP_URL = 'http://localhost:3000';
export const BODY_LIMIT_BYTES = 1024;

/** The practice fields of the real schema, refusing unknown keys (the 422 test sends one). */
export const ZCreatePracticeRequest = ZCreatePractice.pick({ name: true, slug: true, timeZone: true }).strict();

export type { LogLines };

/** Wrapper dependencies for tests: fixed config, the given store, and a logger we can read. */
export const testRouteDeps = (store: RateLimitStore, { perAddressPerMinute = 1000 } = {}): { deps: ApiRouteDeps; lines: LogLines } => {
  const { logger, lines } = captureLogger();
  return {
    lines,
    deps: {
      config: () => ({
        appUrl: APP_URL,
        trustProxy: true,
        apiBodyLimitBytes: BODY_LIMIT_BYTES,
        rateLimit: { store: 'postgres', perUserPerMinute: 1000, perAddressPerMinute },
      }),
      logger: () => logger,
      resolveSession: () => Promise.resolve(null),
      rateLimitStore: () => store,
    },
  };
};

/** The test route's POST handler, writing to `database`. */
export const createPracticeRoute = (database: Database, deps: ApiRouteDeps) =>
  createApiRoute(deps)(
    { route: '/api/test/practices', auth: 'public', body: ZCreatePracticeRequest },
    async ({ body }) => {
      const practice = await seedPractice(database, body);
      return Response.json({ id: practice.id }, { status: 201 });
    },
  );

/** Practices in the database (the owner connection sees every row). */
export const countPractices = async (database: Database): Promise<number> => {
  const [row] = await database.db.select({ n: count() }).from(practices);
  return row?.n ?? 0;
};
