// npm run db:seed – loads the demo practices into the configured (already migrated) database, once.
import { ConfigError } from '@/lib/config/env';
import { closeDatabase, databaseErrorMessage, getDatabase } from '@/lib/db/client';
import { getMigrationStatus } from '@/lib/db/migrate';
import { DEMO_PRACTICES, seedDemoData } from '@/lib/db/seed/demo';

const main = async (): Promise<void> => {
  const database = await getDatabase();
  const status = await getMigrationStatus(database);
  if (status.pending.length > 0) {
    throw new Error(`the database has ${status.pending.length} pending migration(s); run npm run db:migrate first`);
  }
  const result = await seedDemoData(database);
  if (!result.seeded) {
    console.log('Demo data was loaded earlier; nothing changed.');
    return;
  }
  console.log('Loaded the demo practices:');
  for (const practice of DEMO_PRACTICES) {
    console.log(`  • ${practice.name} (${practice.slug}), ${practice.locations.length} location(s)`);
  }
};

main()
  .then(() => closeDatabase())
  .catch(async (error: unknown) => {
    const message = error instanceof ConfigError ? error.message : `Seeding failed: ${databaseErrorMessage(error)}`;
    console.error(`✖ ${message}`);
    await closeDatabase().catch(() => undefined);
    process.exitCode = 1;
  });
