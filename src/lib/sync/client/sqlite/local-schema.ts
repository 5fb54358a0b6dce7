import { SYNCED_TABLES, type TSyncedTable } from '../../protocol/tables';
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
  ${SYNCED_TABLES.map(syncedTable).join('\n')}
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

/** Brings the database to the latest schema, one migration per transaction. */
export const migrateLocalDatabase = async (connection: SqliteConnection): Promise<number> => {
  const current = Number((await connection.get<{ user_version: number }>('pragma user_version'))?.user_version ?? 0);
  for (let version = current; version < LOCAL_MIGRATIONS.length; version += 1) {
    await connection.exec('begin immediate');
    try {
      await connection.exec(LOCAL_MIGRATIONS[version] ?? '');
      await connection.exec(`pragma user_version = ${version + 1}`);
      await connection.exec('commit');
    } catch (error) {
      await connection.exec('rollback');
      throw error;
    }
  }
  return LOCAL_MIGRATIONS.length;
};
