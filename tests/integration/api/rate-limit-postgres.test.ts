import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresRateLimitStore } from '@/lib/api/rate-limit/postgres-store';
import { createDatabase, queryRows, type Database } from '@/lib/db/client';
import { rateLimitCounters } from '@/lib/db/schema/platform';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

/*
 * The PostgreSQL rate limit store as several app instances use it (DESIGN §9): two store
 * instances on one database count together. On PostgreSQL the second instance also has its own
 * connection pool, as a second server process would; PGlite has one connection per database.
 */

let testDb: TestDatabase;
let secondConnection: Database;

beforeAll(async () => {
  testDb = await createTestDatabase();
  const { database } = testDb;
  secondConnection =
    database.driver === 'postgres'
      ? await createDatabase({ databaseUrl: database.pool.options.connectionString, maxConnections: 10 })
      : database;
});

afterAll(async () => {
  if (secondConnection !== testDb.database) {
    await secondConnection.close();
  }
  await testDb.dispose();
});

const key = () => `test:${randomUUID()}`;

const rowOf = async (k: string) => {
  const [row] = await testDb.database.db.select().from(rateLimitCounters).where(eq(rateLimitCounters.key, k));
  return row;
};

describe('PostgresRateLimitStore', () => {
  it('two instances sharing one database count together', async () => {
    const a = new PostgresRateLimitStore({ database: () => testDb.database });
    const b = new PostgresRateLimitStore({ database: () => secondConnection });
    const k = key();
    expect((await a.hit(k, 60_000)).count).toBe(1);
    expect((await b.hit(k, 60_000)).count).toBe(2);
    expect((await a.hit(k, 60_000)).count).toBe(3);
    const last = await b.hit(k, 60_000);
    expect(last.count).toBe(4);
    expect(last.resetAt).toBeGreaterThan(Date.now() + 50_000);
    expect(last.resetAt).toBeLessThanOrEqual(Date.now() + 61_000);
    expect((await rowOf(k))?.count).toBe(4);
  });

  it('concurrent hits from both instances are each counted exactly once', async () => {
    const stores = [
      new PostgresRateLimitStore({ database: () => testDb.database }),
      new PostgresRateLimitStore({ database: () => secondConnection }),
    ];
    const k = key();
    const hits = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (stores[i % 2] ?? stores[0])?.hit(k, 60_000)),
    );
    const counts = hits.map((hit) => hit?.count ?? 0).sort((x, y) => x - y);
    expect(counts).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    // One window for everyone.
    expect(new Set(hits.map((hit) => hit?.resetAt)).size).toBe(1);
  });

  it('keys count separately', async () => {
    const store = new PostgresRateLimitStore({ database: () => testDb.database });
    const [k1, k2] = [key(), key()];
    await store.hit(k1, 60_000);
    await store.hit(k1, 60_000);
    expect((await store.hit(k2, 60_000)).count).toBe(1);
  });

  it('an expired window restarts at 1', async () => {
    const store = new PostgresRateLimitStore({ database: () => testDb.database });
    const k = key();
    await store.hit(k, 60_000);
    await store.hit(k, 60_000);
    // Age the window in the database rather than sleeping through it.
    await testDb.database.db
      .update(rateLimitCounters)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(rateLimitCounters.key, k));
    const hit = await store.hit(k, 60_000);
    expect(hit.count).toBe(1);
    expect(hit.resetAt).toBeGreaterThan(Date.now() + 50_000);
  });

  it('sweeps expired rows, and only those', async () => {
    const store = new PostgresRateLimitStore({ database: () => testDb.database });
    const [expired, live] = [key(), key()];
    await store.hit(expired, 60_000);
    await store.hit(live, 60_000);
    await testDb.database.db
      .update(rateLimitCounters)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(rateLimitCounters.key, expired));
    expect(await store.cleanupExpired()).toBeGreaterThanOrEqual(1);
    expect(await rowOf(expired)).toBeUndefined();
    expect((await rowOf(live))?.count).toBe(1);
  });

  it('sweeps opportunistically on a hit, at most once per interval', async () => {
    const store = new PostgresRateLimitStore({ database: () => testDb.database, cleanupIntervalMs: 60_000 });
    const stale = key();
    await testDb.database.db
      .insert(rateLimitCounters)
      .values({ key: stale, count: 5, expiresAt: sql`now() - interval '1 minute'` });
    await store.hit(key(), 60_000); // first hit starts a sweep in the background
    await store.cleanupExpired(); // joins the sweep in flight (or runs one): either way it is done
    expect(await rowOf(stale)).toBeUndefined();

    const staleAgain = key();
    await testDb.database.db
      .insert(rateLimitCounters)
      .values({ key: staleAgain, count: 5, expiresAt: sql`now() - interval '1 minute'` });
    await store.hit(key(), 60_000); // within the interval: no sweep
    const [row] = await queryRows<{ n: number }>(
      testDb.database.db,
      sql`select count(*)::int as n from ${rateLimitCounters} where ${rateLimitCounters.key} = ${staleAgain}`,
    );
    expect(row?.n).toBe(1);
  });
});
