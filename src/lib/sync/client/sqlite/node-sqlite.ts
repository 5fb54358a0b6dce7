import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as SQLite from '@journeyapps/wa-sqlite';
import SQLiteESMFactory from '@journeyapps/wa-sqlite/dist/mc-wa-sqlite.mjs';
import { ChunkedMemoryVFS } from './chunked-memory-vfs';
import { SqliteConnection } from './connection';
import { createSqliteStore } from './sqlite-store';

/*
 * The device database in Node, for tests and benchmarks (issue #5 §5): the same wa-sqlite build the
 * browser uses (multiple-ciphers, encrypted), on an in-memory VFS (./chunked-memory-vfs.ts). The
 * wasm is handed over because the build only knows how to fetch it in a browser (DESIGN §10).
 */

let sqlitePromise: Promise<{ sqlite3: SQLiteAPI; wasmModule: unknown }> | undefined;

const loadSqlite = () =>
  (sqlitePromise ??= (async () => {
    const require = createRequire(import.meta.url);
    const wasmBinary = readFileSync(require.resolve('@journeyapps/wa-sqlite/dist/mc-wa-sqlite.wasm'));
    const wasmModule: unknown = await SQLiteESMFactory({ wasmBinary });
    return { sqlite3: SQLite.Factory(wasmModule), wasmModule };
  })());

let vfsCount = 0;
let opening: Promise<unknown> = Promise.resolve();

/**
 * A fresh encrypted in-memory device database with the local schema. Opens take turns: the stores
 * share one wa-sqlite module, whose open_v2 passes the new handle through a scratch word of the
 * module's memory across an await, so two opens at once could receive the same handle.
 */
export const openNodeSqliteStore = ({ key }: { key?: string } = {}) => {
  const next = opening.then(() => openOne(key), () => openOne(key));
  opening = next.catch(() => undefined);
  return next;
};

/**
 * A fresh in-memory database connection without any schema, and a way to open the store over it
 * later (as an app update does with a device's existing database). Takes its turn like the above.
 */
export const openNodeSqliteConnection = ({ key }: { key?: string } = {}) => {
  const next = opening.then(() => openConnection(key), () => openConnection(key));
  opening = next.catch(() => undefined);
  return next;
};

const openConnection = async (key: string | undefined) => {
  const { sqlite3, wasmModule } = await loadSqlite();
  // One VFS per database: it keeps files by name, and replicas in one test must not share.
  const name = `mem${(vfsCount += 1)}`;
  const vfs = await ChunkedMemoryVFS.create(name, wasmModule);
  sqlite3.vfs_register(vfs as unknown as SQLiteVFS, false);
  const connection = await SqliteConnection.open({ sqlite3, filename: 'replica.db', vfs: name, key });
  return { connection, vfs };
};

const openOne = async (key: string | undefined) => {
  const { connection, vfs } = await openConnection(key);
  const store = await createSqliteStore(connection);
  return { ...store, vfs };
};
