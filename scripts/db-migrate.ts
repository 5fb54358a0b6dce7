// npm run db:migrate – applies pending migrations from drizzle/ to the configured database.
import { ConfigError, getConfig } from '@/lib/config/env';
import { closeDatabase, databaseErrorMessage, getDatabase } from '@/lib/db/client';
import { getMigrationStatus, migrateDatabase } from '@/lib/db/migrate';

const main = async (): Promise<void> => {
  const config = getConfig();
  const database = await getDatabase();
  const before = await getMigrationStatus(database);
  await migrateDatabase(database);
  const after = await getMigrationStatus(database);
  const where = config.databaseUrl === undefined ? `PGlite in ${config.pgliteDir}` : 'PostgreSQL (DATABASE_URL)';
  if (before.pending.length === 0) {
    console.log(`Database is up to date (${after.applied} migrations, ${where}).`);
  } else {
    console.log(`Applied ${before.pending.length} migration(s) to ${where}:`);
    for (const tag of before.pending) {
      console.log(`  • ${tag}`);
    }
  }
  if (after.pending.length > 0) {
    // e.g. a migration merged with an older timestamp than the last applied one: drizzle skips it.
    throw new Error(`still pending after migrating: ${after.pending.join(', ')}`);
  }
};

main()
  .then(() => closeDatabase())
  .catch(async (error: unknown) => {
    const message = error instanceof ConfigError ? error.message : `Migration failed: ${databaseErrorMessage(error)}`;
    console.error(`✖ ${message}`);
    await closeDatabase().catch(() => undefined);
    process.exitCode = 1;
  });
