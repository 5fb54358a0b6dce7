import { LocalDbError } from './errors';

/*
 * Names under which one local database lives in the browser: its files, its IndexedDB database, the
 * Web Lock of its leader and the BroadcastChannel of its tabs. All derive from the file name, which
 * the app chooses per (user, installation), so two people on one browser never share anything.
 */

/** Where the database file is kept: OPFS (preferred) or IndexedDB (fallback). */
export type LocalVfs = 'opfs' | 'idb';

// OPFS file names, and short: wa-sqlite's VFSs allow 64 bytes for the full path ("/" + name),
// and the OPFS VFS keeps `-journal` and `-wal` files beside the database.
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,54}$/;

/** Throws `invalid_argument` unless `fileName` is a plain name of 1–55 letters, digits, `.`, `_`, `-`. */
export const assertFileName = (fileName: unknown): string => {
  if (typeof fileName !== 'string' || !FILE_NAME.test(fileName)) {
    throw new LocalDbError('invalid_argument', 'the local database file name must be 1–55 letters, digits, ".", "_" or "-"');
  }
  return fileName;
};

/** The files OPFSCoopSyncVFS keeps for one database (its DB_RELATED_FILE_SUFFIXES). */
export const opfsFileNames = (fileName: string): string[] => ['', '-journal', '-wal'].map((suffix) => `${fileName}${suffix}`);

/** The IndexedDB database that IDBBatchAtomicVFS fills for this file: one per file, so wipe can drop it whole. */
export const idbDatabaseName = (fileName: string): string => `openpractice-local-db:${fileName}`;

/** The Web Lock whose holder is the one tab that owns the database. */
export const leaderLockName = (fileName: string): string => `openpractice-local-db-leader:${fileName}`;

/** The BroadcastChannel between the tabs of this database. */
export const tabChannelName = (fileName: string): string => `openpractice-local-db-tabs:${fileName}`;
