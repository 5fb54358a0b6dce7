import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '@/lib/db/client';
import { checkDatabaseReachable, getMigrationStatus, migrateDatabase, readMigrationJournal } from '@/lib/db/migrate';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

describe('migrations', () => {
  let fresh: TestDatabase;

  beforeAll(async () => {
    fresh = await createTestDatabase({ migrate: false });
  });

  afterAll(async () => {
    await fresh.dispose();
  });

  it('reports every committed migration as pending on a database never migrated', async () => {
    const journal = await readMigrationJournal();
    expect(journal.length).toBeGreaterThanOrEqual(2);
    expect(await getMigrationStatus(fresh.database)).toEqual({
      expected: journal.length,
      applied: 0,
      pending: journal.map((entry) => entry.tag),
    });
  });

  it('applies cleanly, then reports nothing pending', async () => {
    await migrateDatabase(fresh.database);
    const status = await getMigrationStatus(fresh.database);
    expect(status.pending).toEqual([]);
    expect(status.applied).toBe(status.expected);
  });

  it('is a no-op when run again', async () => {
    await migrateDatabase(fresh.database);
    const status = await getMigrationStatus(fresh.database);
    expect(status).toMatchObject({ applied: status.expected, pending: [] });
  });

  it('reports a committed migration whose record is missing as pending', async () => {
    const journal = await readMigrationJournal();
    const last = journal.at(-1);
    if (!last) {
      throw new Error('empty journal');
    }
    const { db } = fresh.database;
    // As if the last migration had been committed after this database was migrated.
    const [record] = await queryRows<{ hash: string; created_at: string | number }>(
      db,
      sql`delete from drizzle.__drizzle_migrations where created_at = ${last.when} returning hash, created_at`,
    );
    expect(record).toBeDefined();
    try {
      expect((await getMigrationStatus(fresh.database)).pending).toEqual([last.tag]);
    } finally {
      await db.execute(
        sql`insert into drizzle.__drizzle_migrations (hash, created_at) values (${record?.hash}, ${last.when})`,
      );
    }
    expect((await getMigrationStatus(fresh.database)).pending).toEqual([]);
  });

  it('answers the reachability check', async () => {
    const result = await checkDatabaseReachable(fresh.database, { timeoutMs: 5_000 });
    expect(result.ok).toBe(true);
  });
});
