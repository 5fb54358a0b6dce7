import 'server-only';
import fs from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import type { ExtractTablesWithRelations, SQL } from 'drizzle-orm';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { Pool } from 'pg';
import { getConfig } from '@/lib/config/env';
import { lockPgliteDir } from './pglite-lock';
import { closeProcessDatabase, getProcessDatabaseSlot, setProcessDatabaseSlot } from './process-singleton';
import * as schema from './schema';

export type Schema = typeof schema;

/**
 * The Drizzle database, typed with the schema, as both drivers present it. PGlite and
 * node-postgres differ only in their raw result type, so code is written once against the common
 * `PgQueryResultHKT`; use {@link queryRows} for raw SQL.
 */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

/** A transaction on {@link Db}. Inside a transaction, use only this object (CONVENTIONS §6). */
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

type DatabaseCommon = {
  db: Db;
  /** Releases connections (and the PGlite directory lock). Safe to call twice. */
  close: () => Promise<void>;
};

export type PgliteDatabaseHandle = DatabaseCommon & {
  driver: 'pglite';
  client: PGlite;
  /** Absolute directory, or `'memory'`. */
  dataDir: string;
};

export type PostgresDatabaseHandle = DatabaseCommon & {
  driver: 'postgres';
  pool: Pool;
};

/** An open database: the Drizzle `db` plus what migrations and shutdown need per driver. */
export type Database = PgliteDatabaseHandle | PostgresDatabaseHandle;

export type CreateDatabaseOptions = {
  /** A postgres:// URL: use node-postgres with a pool. Takes precedence over `pgliteDir`. */
  databaseUrl?: string;
  /** Directory for embedded PGlite (created, mode 0700), or `'memory'` for a throwaway database. */
  pgliteDir?: string;
  /** Pool size for PostgreSQL (default 10). */
  maxConnections?: number;
  /**
   * Start an in-memory PGlite from a `dumpDataDir()` tarball instead of running initdb (about
   * 6 s in wasm): tests use it to get a fresh database per file quickly.
   */
  pgliteLoadDataDir?: Blob;
};

const createPostgres = (databaseUrl: string, maxConnections: number): PostgresDatabaseHandle => {
  const pool = new Pool({
    connectionString: databaseUrl,
    max: maxConnections,
    // A server that does not answer should fail a request, not hang it.
    connectionTimeoutMillis: 10_000,
    application_name: 'openpractice',
  });
  // An idle client losing its connection (server restart, failover) emits 'error' on the pool;
  // unhandled, that would crash the process. The pool replaces the client on next use.
  let closed: Promise<void> | undefined;
  pool.on('error', (error) => {
    // While closing, the server ending idle connections is expected, not news.
    if (closed === undefined) {
      console.error(`database: idle connection error: ${error.message}`);
    }
  });
  return {
    driver: 'postgres',
    db: drizzlePostgres({ client: pool, schema }),
    pool,
    close: () => (closed ??= pool.end()),
  };
};

const createPglite = async (dir: string, loadDataDir: Blob | undefined): Promise<PgliteDatabaseHandle> => {
  const inMemory = dir === 'memory';
  const pgliteDir = inMemory ? dir : path.resolve(dir);
  let unlock: (() => Promise<void>) | undefined;
  if (!inMemory) {
    // The directory holds patient data: owner-only.
    await fs.mkdir(pgliteDir, { recursive: true, mode: 0o700 });
    unlock = await lockPgliteDir(pgliteDir);
  }
  let client: PGlite;
  try {
    // btree_gist backs the scheduling exclusion constraints (drizzle/0010_scheduling.sql); PGlite
    // loads contrib extensions only when they are handed over at start.
    const extensions = { btree_gist };
    client = await PGlite.create(inMemory ? { loadDataDir, extensions } : { dataDir: pgliteDir, extensions });
  } catch (error) {
    await unlock?.();
    throw error;
  }
  let closed: Promise<void> | undefined;
  return {
    driver: 'pglite',
    db: drizzlePglite({ client, schema }),
    client,
    dataDir: pgliteDir,
    close: () =>
      (closed ??= (async () => {
        try {
          await client.close();
        } finally {
          await unlock?.();
        }
      })()),
  };
};

/**
 * Opens a database: PostgreSQL when `databaseUrl` is given, otherwise PGlite in `pgliteDir`.
 * Most code wants the process singleton {@link getDatabase}; this is for scripts and tests.
 */
export const createDatabase = async (options: CreateDatabaseOptions): Promise<Database> => {
  if (options.databaseUrl) {
    return createPostgres(options.databaseUrl, options.maxConnections ?? 10);
  }
  if (options.pgliteDir) {
    if (options.pgliteLoadDataDir && options.pgliteDir !== 'memory') {
      throw new Error('createDatabase: pgliteLoadDataDir is only for in-memory PGlite');
    }
    return createPglite(options.pgliteDir, options.pgliteLoadDataDir);
  }
  throw new Error('createDatabase: give databaseUrl or pgliteDir');
};

/**
 * The process's database, from configuration: `DATABASE_URL` → PostgreSQL pool, otherwise PGlite
 * persisted in `config.pgliteDir`. Opened on first use and kept on globalThis (see
 * process-singleton.ts); a failed open is retried on the next call.
 */
export const getDatabase = (): Promise<Database> => {
  const current = getProcessDatabaseSlot<Database>();
  if (current) {
    return current;
  }
  const config = getConfig();
  const opening = createDatabase(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { pgliteDir: config.pgliteDir });
  setProcessDatabaseSlot(opening);
  opening.catch(() => {
    if (getProcessDatabaseSlot() === opening) {
      setProcessDatabaseSlot(undefined);
    }
  });
  return opening;
};

/** Closes the process singleton, if open (scripts, graceful shutdown). */
export const closeDatabase = closeProcessDatabase;

/**
 * Runs raw SQL and returns its rows, on either driver (both results carry `rows`). Values are as
 * the driver parses them: e.g. `bigint` is a string on node-postgres and a number on PGlite, so
 * convert explicitly. Prefer the query builder, which maps column types.
 */
export const queryRows = async <TRow extends Record<string, unknown>>(
  executor: Db | Tx,
  query: SQL,
): Promise<TRow[]> => {
  const result = (await executor.execute<TRow>(query)) as { rows: TRow[] };
  return result.rows;
};

/**
 * The driver's own message for a failed query. Drizzle wraps driver errors as "Failed query: <sql>
 * params: ..." with the real reason (connection refused, RLS violation…) in `cause`; operators need
 * the reason. For logs and command-line output, never for HTTP answers.
 */
export const databaseErrorMessage = (error: unknown): string => {
  let current = error;
  while (current instanceof Error && current.cause instanceof Error) {
    current = current.cause;
  }
  if (current instanceof Error) {
    // node-postgres reports a refused connection as an AggregateError with an empty message.
    if (current.message === '' && current instanceof AggregateError) {
      return current.errors.map((e: unknown) => (e instanceof Error ? e.message : String(e))).join('; ');
    }
    return current.message;
  }
  return String(error);
};
