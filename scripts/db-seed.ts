// npm run db:seed – loads the demo practices and staff into the configured (already migrated) database, once.
import { ConfigError, getConfig } from '@/lib/config/env';
import { closeDatabase, databaseErrorMessage, getDatabase } from '@/lib/db/client';
import { getMigrationStatus } from '@/lib/db/migrate';
import { DEMO_PRACTICES } from '@/lib/db/seed/demo';
import { loadDemoData } from './lib/prepare-database';

const main = async (): Promise<void> => {
  const database = await getDatabase();
  const status = await getMigrationStatus(database);
  if (status.pending.length > 0) {
    throw new Error(`the database has ${status.pending.length} pending migration(s); run npm run db:migrate first`);
  }
  if (!(await loadDemoData(database, getConfig()))) {
    console.log('Demo data was loaded earlier; nothing changed.');
    return;
  }
  console.log('Loaded the demo practices and staff (npm start lists the staff accounts):');
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
