import type { TSyncedTable } from '../../protocol/tables';
import type { SqliteConnection } from './connection';

/*
 * The device database's schema, versioned with `PRAGMA user_version`. A new app version appends a
 * migration; existing ones are never edited, so an update migrates a device in place and its
 * outbox (unsynced work) survives (issue #6 §1).
 *
 * Synced rows are kept as JSON (`data`) with the columns every query needs pulled out (id,
 * practice, version); per-table expression indexes serve the screens' searches.
 */

const syncedTable = (table: TSyncedTable) => `
  create table ${table} (
    id text primary key,
    practice_id text not null,
    version integer not null default 0,
    data text not null
  );
  create index ${table}_practice_id on ${table} (practice_id);`;

export const LOCAL_MIGRATIONS: readonly string[] = [
  // 1 (2026-11-25): the replicator's tables and the first synced tables.
  `
  create table meta (key text primary key, value text not null);
  create table cursors (practice_id text primary key, version integer not null);
  create table outbox (
    id integer primary key,
    name text not null,
    args text not null,
    base_versions text not null,
    created_at text not null
  );
  create table rejected_mutations (
    id integer primary key,
    name text not null,
    args text not null,
    error text not null,
    rejected_at text not null
  );
  create table shadows (tbl text not null, id text not null, row text, primary key (tbl, id));
  ${syncedTable('patients')}
  ${syncedTable('conflicts')}
  `,
  // 2 (2026-12-07): scheduling (issue #7). A table named here is never renamed or dropped by a
  // later migration without moving its rows: an update must not lose what the device holds.
  `
  ${syncedTable('locations')}
  ${syncedTable('rooms')}
  ${syncedTable('providers')}
  ${syncedTable('appointment_types')}
  ${syncedTable('working_hours')}
  ${syncedTable('schedule_exceptions')}
  ${syncedTable('holidays')}
  ${syncedTable('appointment_series')}
  ${syncedTable('appointments')}
  ${syncedTable('waitlist_entries')}
  `,
];

/**
 * The search indexes of the screens, kept apart from the migrations: they are dropped for a bulk
 * initial sync and created again after it (and whenever a store opens without them). A changed
 * definition gets a new name.
 */
export const SEARCH_INDEXES: readonly { name: string; definition: string }[] = [
  { name: 'patients_family_name', definition: "patients (practice_id, lower(json_extract(data, '$.familyName')))" },
  { name: 'patients_given_name', definition: "patients (practice_id, lower(json_extract(data, '$.givenName')))" },
  { name: 'patients_date_of_birth', definition: "patients (practice_id, json_extract(data, '$.dateOfBirth'))" },
  { name: 'patients_mrn', definition: "patients (practice_id, json_extract(data, '$.mrn'))" },
  // A provider's day (calendar columns) and next-available search: instants are ISO strings in one
  // format (UTC, milliseconds), so text order is time order.
  {
    name: 'appointments_provider_start',
    definition: "appointments (practice_id, json_extract(data, '$.providerId'), json_extract(data, '$.startsAt'))",
  },
  { name: 'appointments_start', definition: "appointments (practice_id, json_extract(data, '$.startsAt'))" },
  { name: 'appointments_patient', definition: "appointments (practice_id, json_extract(data, '$.patientId'))" },
];

export const createSearchIndexes = async (connection: SqliteConnection): Promise<void> => {
  for (const index of SEARCH_INDEXES) {
    await connection.exec(`create index if not exists ${index.name} on ${index.definition}`);
  }
};

export const dropSearchIndexes = async (connection: SqliteConnection): Promise<void> => {
  for (const index of SEARCH_INDEXES) {
    await connection.exec(`drop index if exists ${index.name}`);
  }
};

/**
 * Brings the database to the latest schema, one migration per transaction. `migrations` is for the
 * test that opens a device's database at an older version, as an update does.
 */
export const migrateLocalDatabase = async (connection: SqliteConnection, migrations: readonly string[] = LOCAL_MIGRATIONS): Promise<number> => {
  const current = Number((await connection.get<{ user_version: number }>('pragma user_version'))?.user_version ?? 0);
  if (current > migrations.length) {
    // A database written by a newer app (an older build still cached in another tab): opening it
    // would read tables whose meaning this code does not know.
    throw new Error(`The device database is at schema ${current}, newer than this app's ${migrations.length}; reload to update the app.`);
  }
  for (let version = current; version < migrations.length; version += 1) {
    await connection.exec('begin immediate');
    try {
      await connection.exec(migrations[version] ?? '');
      await connection.exec(`pragma user_version = ${version + 1}`);
      await connection.exec('commit');
    } catch (error) {
      await connection.exec('rollback');
      throw error;
    }
  }
  return migrations.length;
};
