import * as SQLite from '@journeyapps/wa-sqlite';
import { SqliteConnection, type SqlValue } from '@/lib/sync/client/sqlite/connection';
import { createSqliteStore } from '@/lib/sync/client/sqlite/sqlite-store';
import type { LocalStore, LocalTx } from '@/lib/sync/client/local-store';
import { LocalDbError, toLocalDbError } from './errors';
import { ensureMutateRequestsTable } from './mutate-requests';
import { assertFileName, idbDatabaseName, type LocalVfs } from './names';
import { deleteLocalDatabaseFiles, idbDatabaseExists, opfsDatabaseExists, opfsSyncAccessAvailable } from './storage';
import type { LocalRow, WorkerOps } from './worker-protocol';

/*
 * The database inside the worker (issue #6 §1): wa-sqlite's multiple-ciphers build on OPFS
 * (OPFSCoopSyncVFS, synchronous build) or, where a worker has no OPFS sync access handles, on
 * IndexedDB (IDBBatchAtomicVFS, which needs the asynchronous Asyncify build). Opened encrypted
 * through SqliteConnection.open and migrated by createSqliteStore, like the Node replica.
 *
 * Every operation runs through the store's transaction queue, so statements from tabs can never
 * interleave with a transaction of the replicator sharing this connection, and each call is atomic.
 */

/** A LocalStore with its connection: statements run on it inside `transaction` belong to that transaction. */
export type ReplicaStore = LocalStore & { connection: SqliteConnection };
type Store = ReplicaStore;

type EmscriptenOptions = { locateFile: (file: string) => string };

// The wasm files sit beside the bundled worker (public/local-db/), whatever path the app serves.
const emscriptenOptions = (): EmscriptenOptions => ({ locateFile: (file) => new URL(file, self.location.href).href });

const loadSqlite = async (vfsKind: LocalVfs, fileName: string): Promise<{ sqlite3: SQLiteAPI; vfs: SQLiteVFS }> => {
  if (vfsKind === 'opfs') {
    const [{ default: factory }, { OPFSCoopSyncVFS }] = await Promise.all([
      import('@journeyapps/wa-sqlite/dist/mc-wa-sqlite.mjs'),
      import('@journeyapps/wa-sqlite/src/examples/OPFSCoopSyncVFS.js'),
    ]);
    const wasmModule: unknown = await factory(emscriptenOptions());
    return { sqlite3: SQLite.Factory(wasmModule), vfs: await OPFSCoopSyncVFS.create('opfs', wasmModule) };
  }
  const [{ default: factory }, { IDBBatchAtomicVFS }] = await Promise.all([
    import('@journeyapps/wa-sqlite/dist/mc-wa-sqlite-async.mjs'),
    import('@journeyapps/wa-sqlite/src/examples/IDBBatchAtomicVFS.js'),
  ]);
  const wasmModule: unknown = await factory(emscriptenOptions());
  // The published typings describe an older IDBBatchAtomicVFS; create(name, module, options) is the
  // current API (src/examples/IDBBatchAtomicVFS.js). One IndexedDB database per file: wipe drops it whole.
  const create = (IDBBatchAtomicVFS as unknown as { create: (name: string, module: unknown, options: object) => Promise<SQLiteVFS> }).create;
  const vfs = await create('idb', wasmModule, { idbName: idbDatabaseName(fileName), lockPolicy: 'exclusive' });
  return { sqlite3: SQLite.Factory(wasmModule), vfs };
};

/** OPFS unless told otherwise or missing; but always where this file already is, so no data seems lost. */
const chooseVfs = async (fileName: string, preferVfs: LocalVfs | undefined): Promise<LocalVfs> => {
  const opfs = await opfsSyncAccessAvailable();
  if (preferVfs === 'idb' || !opfs) {
    if (typeof indexedDB === 'undefined') {
      throw new LocalDbError('storage_unavailable');
    }
    return 'idb';
  }
  if (!(await opfsDatabaseExists(fileName)) && (await idbDatabaseExists(fileName))) {
    return 'idb';
  }
  return 'opfs';
};

const databaseExists = async (fileName: string): Promise<boolean> =>
  (await opfsDatabaseExists(fileName)) || (await idbDatabaseExists(fileName));

type OpenDatabase = {
  fileName: string;
  vfsKind: LocalVfs;
  vfs: SQLiteVFS;
  store: Store;
  /** Runs `fn` as one transaction and reports the tables it changed once it committed. */
  transaction: <T>(fn: (tx: LocalTx) => Promise<T>) => Promise<T>;
};

/**
 * Tables changed by a transaction, from SQLite's update hook (rows of rowid tables, triggers
 * included). A `delete from t` without a WHERE clause empties the table without calling the hook
 * (the truncate optimization); `total_changes()` still counts it, so when the count exceeds what
 * the hook saw, every table is reported.
 */
const trackChanges = (sqlite3: SQLiteAPI, handle: number, store: Store, report: (tables: string[]) => void) => {
  const seen = new Set<string>();
  let hookRows = 0;
  sqlite3.update_hook(handle, (_updateType, _database, table) => {
    hookRows += 1;
    if (table !== null) {
      seen.add(table);
    }
  });
  const totalChanges = async () => Number((await store.connection.get<{ n: number }>('select total_changes() as n'))?.n ?? 0);
  return async <T>(fn: (tx: LocalTx) => Promise<T>): Promise<T> => {
    let changed: string[] = [];
    const result = await store.transaction(async (tx) => {
      seen.clear();
      hookRows = 0;
      const before = await totalChanges();
      const value = await fn(tx);
      if ((await totalChanges()) - before > hookRows) {
        const tables = await store.connection.all<{ name: string }>("select name from sqlite_schema where type = 'table' and name not like 'sqlite_%'");
        tables.forEach(({ name }) => seen.add(name));
      }
      changed = [...seen].sort();
      return value;
    });
    if (changed.length > 0) {
      report(changed);
    }
    return result;
  };
};

const KEY = /^[0-9a-f]{64}$/;

/** The one database of this worker; `onChanges` hears the tables of every committed write. */
export const createWorkerDatabase = (onChanges: (tables: string[]) => void) => {
  let current: OpenDatabase | undefined;
  let opening: Promise<unknown> | undefined;

  const requireOpen = (): OpenDatabase => {
    if (!current) {
      throw new LocalDbError('not_open');
    }
    return current;
  };

  const open = async ({ key, fileName, preferVfs, mustExist = false }: WorkerOps['open']['args']): Promise<WorkerOps['open']['result']> => {
    if (current || opening) {
      throw new LocalDbError('invalid_argument', 'this worker already has a database open');
    }
    assertFileName(fileName);
    if (typeof key !== 'string' || !KEY.test(key)) {
      throw new LocalDbError('invalid_argument', 'the database key must be 32 bytes as lowercase hex');
    }
    const attempt = (async () => {
      if (mustExist && !(await databaseExists(fileName))) {
        throw new LocalDbError('wiped');
      }
      const vfsKind = await chooseVfs(fileName, preferVfs);
      const { sqlite3, vfs } = await loadSqlite(vfsKind, fileName);
      sqlite3.vfs_register(vfs, false);
      // SqliteConnection keeps its handle private; the update hook needs it, so the API handed to
      // open() notes the handle open_v2 returns (the only open on this module).
      let handle: number | undefined;
      const api: SQLiteAPI = { ...sqlite3, open_v2: async (...args) => (handle = await sqlite3.open_v2(...args)) };
      const connection = await SqliteConnection.open({ sqlite3: api, filename: fileName, vfs: vfs.name, key });
      try {
        // SQLite3 Multiple Ciphers encrypts the database and its journals, not temporary files:
        // sorts and temporary tables must never spill patient data to disk in the clear.
        await connection.exec('pragma temp_store = memory');
        const store = await createSqliteStore(connection);
        await ensureMutateRequestsTable(connection);
        if (handle === undefined) {
          throw new LocalDbError('internal');
        }
        current = { fileName, vfsKind, vfs, store, transaction: trackChanges(sqlite3, handle, store, onChanges) };
        return { vfs: vfsKind };
      } catch (error) {
        await connection.close().catch(() => undefined);
        await vfs.close();
        throw error;
      }
    })();
    opening = attempt;
    try {
      return await attempt;
    } catch (error) {
      throw toLocalDbError(error, { opening: true });
    } finally {
      opening = undefined;
    }
  };

  const query = async <T>(fn: (connection: SqliteConnection) => Promise<T>): Promise<T> => {
    const database = requireOpen();
    try {
      return await database.transaction(() => fn(database.store.connection));
    } catch (error) {
      throw toLocalDbError(error);
    }
  };

  const assertStatement = (sql: unknown, params: unknown = []): { sql: string; params: SqlValue[] } => {
    if (typeof sql !== 'string' || !Array.isArray(params)) {
      throw new LocalDbError('invalid_argument', 'a statement is SQL text and an array of parameters');
    }
    return { sql, params: params as SqlValue[] };
  };

  const close = async (): Promise<void> => {
    const database = current;
    current = undefined;
    if (database) {
      await database.store.close();
      await database.vfs.close();
    }
  };

  /**
   * The open database as the replicator's LocalStore. Its transactions are the same tracked ones
   * the statements use: what a pull or a mutation changes reaches every tab's onTablesChanged, and
   * they queue with the tabs' statements on the one connection.
   */
  const replicaStore = (): ReplicaStore => {
    const database = requireOpen();
    // Closing it closes the worker's database: there is one connection, owned here.
    return { connection: database.store.connection, transaction: database.transaction, close };
  };

  return {
    open,
    replicaStore,
    all: (args: WorkerOps['all']['args']): Promise<LocalRow[]> => {
      const { sql, params } = assertStatement(args.sql, args.params);
      return query((connection) => connection.all<LocalRow>(sql, params));
    },
    get: (args: WorkerOps['get']['args']): Promise<LocalRow | null> => {
      const { sql, params } = assertStatement(args.sql, args.params);
      return query(async (connection) => (await connection.get<LocalRow>(sql, params)) ?? null);
    },
    run: (args: WorkerOps['run']['args']): Promise<number> => {
      const { sql, params } = assertStatement(args.sql, args.params);
      return query((connection) => connection.run(sql, params));
    },
    exec: async (args: WorkerOps['exec']['args']): Promise<null> => {
      const { sql } = assertStatement(args.sql);
      await query((connection) => connection.exec(sql));
      return null;
    },
    close: async (): Promise<null> => {
      await close();
      return null;
    },
    wipe: async ({ fileName }: WorkerOps['wipe']['args']): Promise<null> => {
      assertFileName(fileName);
      await close();
      await deleteLocalDatabaseFiles(fileName);
      return null;
    },
  };
};

export type WorkerDatabase = ReturnType<typeof createWorkerDatabase>;
