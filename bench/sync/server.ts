import type { Database } from '@/lib/db/client';
import type { Practice } from '@/lib/db/schema/practices';
import type { SyncActor } from '@/lib/sync/server/push';
import type { TRole } from '@/lib/auth/permissions';
import { seedStaff } from '../../tests/factories/identity';
import { seedPractice } from '../../tests/factories/practices';
import { assertLocalDatabaseUrl, createTestDatabase, type TestDatabase } from '../../tests/integration/helpers/test-database';

/**
 * The server database the benchmarks run on, created for the run and dropped after it: in-memory
 * PGlite by default; with `DATABASE_URL`, a scratch `op_test_<random>` database on that PostgreSQL
 * server. The test helpers do the work, so the guard is the same one the tests use: only a local
 * server (localhost, 127.0.0.1, ::1 or a unix socket) is accepted, since a database is created and
 * dropped there.
 */
export const openBenchDatabase = async (): Promise<TestDatabase> => {
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    try {
      assertLocalDatabaseUrl(databaseUrl);
    } catch (error) {
      throw new Error(`DATABASE_URL: ${error instanceof Error ? error.message.replace('TEST_DATABASE_URL', 'DATABASE_URL') : String(error)}`);
    }
    process.env.TEST_DB_DRIVER = 'postgres';
    process.env.TEST_DATABASE_URL = databaseUrl;
  } else {
    process.env.TEST_DB_DRIVER = 'pglite';
  }
  return createTestDatabase();
};

/** A practice and one member per role asked for, as SyncActors. */
export const seedPracticeWithStaff = async (
  database: Database,
  roles: readonly TRole[],
): Promise<{ practice: Practice; staff: SyncActor[] }> => {
  const practice = await seedPractice(database);
  const staff: SyncActor[] = [];
  for (const role of roles) {
    staff.push(await seedStaff(database, practice, role));
  }
  return { practice, staff };
};
