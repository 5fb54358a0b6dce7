// npm run sync:sweep – tombstone retention for sync: drops removals and mutation digests older than
// the retention period and moves each practice's sync horizon (run daily, e.g. from cron; safe to
// run on several instances at once).
import { ConfigError } from '@/lib/config/env';
import { closeDatabase, databaseErrorMessage, getDatabase } from '@/lib/db/client';
import { getMigrationStatus } from '@/lib/db/migrate';
import { SYNC_RETENTION_DAYS, sweepSyncRetention } from '@/lib/sync/server/sweep';

const main = async (): Promise<void> => {
  const database = await getDatabase();
  const status = await getMigrationStatus(database);
  if (status.pending.length > 0) {
    throw new Error(`the database has ${status.pending.length} pending migration(s); run npm run db:migrate first`);
  }
  const result = await sweepSyncRetention({ database });
  console.log(
    `Swept ${result.removalsSwept} removal(s) older than ${SYNC_RETENTION_DAYS} days (${result.practicesAdvanced} practice(s) moved their horizon) and ${result.outcomesSwept} old mutation record(s).`,
  );
};

main()
  .then(() => closeDatabase())
  .catch(async (error: unknown) => {
    console.error(`✖ ${error instanceof ConfigError ? error.message : `Sweep failed: ${databaseErrorMessage(error)}`}`);
    await closeDatabase().catch(() => undefined);
    process.exitCode = 1;
  });
