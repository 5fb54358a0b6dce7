import { randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createDatabase, type Database } from '@/lib/db/client';
import { migrateDatabase } from '@/lib/db/migrate';

export type TestDriver = 'pglite' | 'postgres';

export type TestDatabase = {
  database: Database;
  driver: TestDriver;
  /** Closes the database and, on PostgreSQL, drops it. */
  dispose: () => Promise<void>;
};

/** `TEST_DB_DRIVER`: unset or `pglite` → in-memory PGlite; `postgres` → a server in TEST_DATABASE_URL. */
export const testDriver = (): TestDriver => {
  const value = process.env.TEST_DB_DRIVER ?? 'pglite';
  if (value !== 'pglite' && value !== 'postgres') {
    throw new Error(`TEST_DB_DRIVER must be pglite or postgres, not ${value}`);
  }
  return value;
};

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1']);

// postgres://user:password@host:port/database?params — WHATWG URL rejects the empty host of the
// socket form (postgres://user@/db?host=/var/run/postgresql), so the parts are taken apart here.
const URL_PARTS = /^(?<prefix>postgres(?:ql)?:\/\/(?:[^@/?]*@)?(?<host>\[[^\]]*\]|[^:/?]*)(?::\d+)?)(?<path>\/[^?]*)?(?<query>\?.*)?$/;

const parseUrl = (databaseUrl: string) => {
  const parts = URL_PARTS.exec(databaseUrl)?.groups;
  if (!parts) {
    throw new Error('TEST_DATABASE_URL is not a postgres:// URL');
  }
  return { prefix: parts.prefix ?? '', host: parts.host ?? '', query: parts.query ?? '' };
};

/**
 * Test databases are created and dropped: refuse anything but a local server (CONVENTIONS §10),
 * so a mistyped TEST_DATABASE_URL can never reach a shared or production server. A `host` query
 * parameter overrides the host part (as in node-postgres); a path there is a unix socket.
 */
export const assertLocalDatabaseUrl = (databaseUrl: string): void => {
  const { host, query } = parseUrl(databaseUrl);
  const hostParam = new URLSearchParams(query.slice(1)).get('host');
  // With no host at all, node-postgres falls back to PGHOST, then localhost.
  const effective = (hostParam ?? (host || process.env.PGHOST) ?? 'localhost').replace(/^\[(.*)\]$/, '$1');
  if (!effective.startsWith('/') && !LOCAL_HOSTS.has(effective.toLowerCase())) {
    throw new Error(`Refusing to run tests against non-local database host "${effective}" (TEST_DATABASE_URL).`);
  }
};

/** The same server URL, naming another database. */
const withDatabaseName = (databaseUrl: string, name: string): string => {
  const { prefix, query } = parseUrl(databaseUrl);
  return `${prefix}/${name}${query}`;
};

const createPostgresTestDatabase = async (migrate: boolean): Promise<TestDatabase> => {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    throw new Error('TEST_DB_DRIVER=postgres needs TEST_DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/postgres');
  }
  assertLocalDatabaseUrl(serverUrl);
  const name = `op_test_${randomBytes(6).toString('hex')}`;
  // Maintenance connection to whatever database the URL names (usually `postgres`).
  const runOnServer = async (statement: string): Promise<void> => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await runOnServer(`create database "${name}"`);
  const drop = () => runOnServer(`drop database if exists "${name}" with (force)`);
  let database: Database;
  try {
    database = await createDatabase({ databaseUrl: withDatabaseName(serverUrl, name), maxConnections: 25 });
    if (migrate) {
      await migrateDatabase(database);
    }
  } catch (error) {
    await drop();
    throw error;
  }
  return {
    database,
    driver: 'postgres',
    dispose: async () => {
      await database.close();
      await drop();
    },
  };
};

/**
 * A freshly initialized, empty PGlite data directory as a tarball. initdb in wasm takes seconds,
 * so the first test worker that needs it writes it to the temp directory (atomically, keyed by the
 * PGlite version) and the others load it. Migrations still run on every test database.
 */
const pgliteTemplate = async (): Promise<Blob> => {
  const { version } = JSON.parse(
    await readFile(path.resolve('node_modules/@electric-sql/pglite/package.json'), 'utf8'),
  ) as { version: string };
  const file = path.join(os.tmpdir(), `openpractice-pglite-initdb-${version}.tar`);
  try {
    return new Blob([await readFile(file)]);
  } catch {
    const database = await createDatabase({ pgliteDir: 'memory' });
    try {
      if (database.driver !== 'pglite') {
        throw new Error('expected PGlite');
      }
      const dump = await database.client.dumpDataDir('none');
      const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
      await writeFile(partial, new Uint8Array(await dump.arrayBuffer()));
      await rename(partial, file);
      return dump;
    } finally {
      await database.close();
    }
  }
};

/**
 * A fresh database of its own for a test file (CONVENTIONS §10): in-memory PGlite by default, or a
 * new `op_test_<random>` database on the local server of TEST_DATABASE_URL. Migrated unless
 * `migrate: false`. Always `dispose()` it (afterAll).
 */
export const createTestDatabase = async ({ migrate = true }: { migrate?: boolean } = {}): Promise<TestDatabase> => {
  if (testDriver() === 'postgres') {
    return createPostgresTestDatabase(migrate);
  }
  const database = await createDatabase({ pgliteDir: 'memory', pgliteLoadDataDir: await pgliteTemplate() });
  if (migrate) {
    await migrateDatabase(database);
  }
  return { database, driver: 'pglite', dispose: () => database.close() };
};
