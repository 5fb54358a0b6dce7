import 'server-only';
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '@/lib/db/client';
import { rateLimitCounters } from '@/lib/db/schema/platform';
import type { RateLimitHit, RateLimitStore } from './store';

export type PostgresRateLimitStoreOptions = {
  /** The database (the route wrapper passes the process singleton's getter). */
  database: () => Database | Promise<Database>;
  /** Least time between two sweeps of expired rows by this instance (default one minute). */
  cleanupIntervalMs?: number;
  /** Told about a failed background sweep (it never fails a request). */
  onCleanupError?: (error: unknown) => void;
};

/**
 * Fixed-window counters in `rate_limit_counters`, shared by every app instance (DESIGN §9).
 *
 * One statement per hit, atomic under concurrency: the upsert takes the row lock, so two instances
 * hitting one key at once count 1 then 2, never 1 and 1. The window is judged by the database's
 * clock (`now()`), not each instance's, so instances with skewed clocks still agree. An expired
 * row is restarted in place by the same statement; rows of keys that stop coming are deleted by
 * an opportunistic sweep at most once per `cleanupIntervalMs` per instance.
 *
 * Single statements run outside a transaction on purpose: BEGIN/COMMIT would triple the round
 * trips of a check that runs on every request, and the table is a platform table without RLS.
 */
export class PostgresRateLimitStore implements RateLimitStore {
  private readonly database: () => Database | Promise<Database>;
  private readonly cleanupIntervalMs: number;
  private readonly onCleanupError: (error: unknown) => void;
  private lastCleanupAt = 0;
  private cleanup: Promise<number> | undefined;

  constructor({ database, cleanupIntervalMs = 60_000, onCleanupError = () => undefined }: PostgresRateLimitStoreOptions) {
    this.database = database;
    this.cleanupIntervalMs = cleanupIntervalMs;
    this.onCleanupError = onCleanupError;
  }

  async hit(key: string, windowMs: number): Promise<RateLimitHit> {
    if (!Number.isInteger(windowMs) || windowMs < 1) {
      throw new RangeError('PostgresRateLimitStore: windowMs must be a positive integer');
    }
    const { db } = await this.database();
    const expired = sql`${rateLimitCounters.expiresAt} <= now()`;
    const [row] = await db
      .insert(rateLimitCounters)
      .values({ key, count: 1, expiresAt: sql`now() + make_interval(secs => ${windowMs / 1000})` })
      .onConflictDoUpdate({
        target: rateLimitCounters.key,
        set: {
          count: sql`case when ${expired} then 1 else ${rateLimitCounters.count} + 1 end`,
          expiresAt: sql`case when ${expired} then excluded.expires_at else ${rateLimitCounters.expiresAt} end`,
        },
      })
      .returning({ count: rateLimitCounters.count, expiresAt: rateLimitCounters.expiresAt });
    if (row === undefined) {
      throw new Error('PostgresRateLimitStore: the upsert returned no row');
    }
    this.maybeStartCleanup();
    return { count: row.count, resetAt: row.expiresAt.getTime() };
  }

  /** Deletes expired rows; resolves to how many. Concurrent calls share one sweep. */
  cleanupExpired(): Promise<number> {
    this.cleanup ??= (async () => {
      try {
        const { db } = await this.database();
        const [result] = await queryRows<{ deleted: number }>(
          db,
          sql`with swept as (delete from ${rateLimitCounters} where ${rateLimitCounters.expiresAt} <= now() returning 1)
              select count(*)::int as deleted from swept`,
        );
        return result?.deleted ?? 0;
      } finally {
        this.cleanup = undefined;
      }
    })();
    return this.cleanup;
  }

  private maybeStartCleanup(): void {
    const now = Date.now();
    if (now - this.lastCleanupAt < this.cleanupIntervalMs) {
      return;
    }
    this.lastCleanupAt = now;
    // Off the request's path: a slow or failed sweep never delays or fails the request.
    this.cleanupExpired().catch(this.onCleanupError);
  }
}
