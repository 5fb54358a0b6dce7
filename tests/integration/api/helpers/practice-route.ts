// POST /api/test/practices – test-only route: creates a practice through the real route wrapper
import { Writable } from 'node:stream';
import { count } from 'drizzle-orm';
import { z } from 'zod';
import { createApiRoute, type ApiRouteDeps } from '@/lib/api/route';
import type { RateLimitStore } from '@/lib/api/rate-limit/store';
import type { Database } from '@/lib/db/client';
import { practices } from '@/lib/db/schema/practices';
import { createLogger } from '@/lib/observability/logger';
import { seedPractice } from '../../../factories/practices';

export const APP_URL = 'http://localhost:3000';
export const BODY_LIMIT_BYTES = 1024;

export const ZCreatePracticeRequest = z.strictObject({
  name: z.string().min(1).max(200),
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$/),
  timeZone: z.string().min(1),
});

/** Log lines of a test route, parsed. */
export type LogLines = Record<string, unknown>[];

/** Wrapper dependencies for tests: fixed config, the given store, and a logger we can read. */
export const testRouteDeps = (store: RateLimitStore, { perAddressPerMinute = 1000 } = {}): { deps: ApiRouteDeps; lines: LogLines } => {
  const lines: LogLines = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter((l) => l !== '')) {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  const logger = createLogger({ level: 'info', destination });
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
