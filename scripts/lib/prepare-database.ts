import { mkdirSync } from 'node:fs';
import type { AppConfig } from '@/lib/config/env';
import { createDatabase, type Database } from '@/lib/db/client';
import { getMigrationStatus, migrateDatabase } from '@/lib/db/migrate';
import { createAuth } from '@/lib/auth/auth';
import { resolveAuthSecret } from '@/lib/auth/auth-secret';
import { DEMO_PRACTICES, seedDemoData } from '@/lib/db/seed/demo';
import { seedDemoAccounts } from '@/lib/domain/identity/demo-accounts';
import { seedDemoPatients } from '@/lib/domain/patients/demo-patients';
import { seedDemoSchedule } from '@/lib/domain/scheduling/demo-schedule';
import { DEMO_ACCOUNTS, type DemoAccount } from '@/lib/domain/identity/demo-staff';

/** What the start banner shows after preparation. */
export type PreparedDatabase = {
  practices: readonly { name: string; slug: string }[];
  accounts: readonly DemoAccount[];
};

/** Where the data lives, for the operator; never prints credentials. */
export const describeDatabase = (config: AppConfig): string => {
  if (config.databaseUrl === undefined) {
    return `embedded PGlite in ${config.pgliteDir}`;
  }
  const url = new URL(config.databaseUrl);
  return `PostgreSQL ${url.hostname}:${url.port || '5432'}${url.pathname}`;
};

/**
 * Loads the demo practices, the demo staff and the demo patients, each once (each has its own
 * marker, so an installation seeded before sign-in or patients existed gets them later). True when
 * anything was loaded.
 */
export const loadDemoData = async (database: Database, config: AppConfig): Promise<boolean> => {
  const { seeded } = await seedDemoData(database);
  const secret = await resolveAuthSecret({ authSecret: config.authSecret, dataDir: config.dataDir });
  const accountsSeeded = await seedDemoAccounts(database, createAuth(database, { appUrl: config.appUrl, secret }), secret);
  // After the staff: the demo owner registers the patients through the mutation executor.
  const patientsSeeded = await seedDemoPatients(database);
  // After the patients: about three months of appointments around today, booked among them.
  const scheduleSeeded = await seedDemoSchedule(database);
  return seeded || accountsSeeded || patientsSeeded || scheduleSeeded;
};

/**
 * Applies pending migrations and, on the first start only, loads the demo data. Opens its own
 * connection and closes it, so that the server process can open the embedded database next.
 */
export const prepareDatabase = async (config: AppConfig, say: (line: string) => void): Promise<PreparedDatabase> => {
  mkdirSync(config.dataDir, { recursive: true });
  const database = await createDatabase({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir });
  try {
    const before = await getMigrationStatus(database);
    await migrateDatabase(database);
    say(
      before.pending.length === 0
        ? `Database is up to date (${describeDatabase(config)}).`
        : `Applied ${before.pending.length} migration(s) to ${describeDatabase(config)}.`,
    );
    if (!config.demoData) {
      return { practices: [], accounts: [] };
    }
    say(
      (await loadDemoData(database, config))
        ? 'Loaded the demo data (first start).'
        : 'Demo data was loaded on an earlier start; kept as it is.',
    );
    return { practices: DEMO_PRACTICES, accounts: DEMO_ACCOUNTS };
  } finally {
    await database.close();
  }
};
