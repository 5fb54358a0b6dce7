import type { SqlValue } from '@/lib/sync/client/sqlite/connection';
import type { LocalVfs } from '@/lib/local/browser/names';
import type { LocalSyncStatus } from '@/lib/local/browser/worker-protocol';

/*
 * What the test page (support/harness.ts) exposes as `window.harness`, for page.evaluate. Calls on
 * the database answer an Outcome instead of throwing, because Playwright turns a thrown error into
 * its message and the test wants the LocalDbError's code.
 */

export type Outcome<T> =
  | { ok: true; value: T }
  | { ok: false; name: string; code: string | undefined; message: string; fields?: { path: string; message: string }[] };

export type OpfsEntry = { path: string; size: number };

/** What a scan of stored bytes found. */
export type ByteScan = {
  /** Files (OPFS) or blocks (IndexedDB) read. */
  parts: number;
  totalBytes: number;
  nonZeroBytes: number;
  /** Where the needle appeared (UTF-8 or UTF-16), by file path or block key. */
  needleFoundIn: string[];
  /** Where SQLite's plaintext header "SQLite format 3" appeared. */
  sqliteHeaderIn: string[];
};

export type Harness = {
  connect: (options: {
    fileName: string;
    key: string;
    preferVfs?: LocalVfs;
    timeoutMs?: number;
    sync?: { userId: string };
  }) => Promise<Outcome<{ isLeader: boolean; vfs: LocalVfs }>>;
  all: (sql: string, params?: SqlValue[]) => Promise<Outcome<Record<string, SqlValue>[]>>;
  get: (sql: string, params?: SqlValue[]) => Promise<Outcome<Record<string, SqlValue> | undefined>>;
  run: (sql: string, params?: SqlValue[]) => Promise<Outcome<number>>;
  exec: (sql: string) => Promise<Outcome<null>>;
  isLeader: () => boolean;
  vfs: () => LocalVfs;
  /** Every onTablesChanged call since connect, in order. */
  tableChanges: () => string[][];
  mutate: (name: string, args: unknown) => Promise<Outcome<number>>;
  syncNow: () => Promise<Outcome<LocalSyncStatus>>;
  getSyncStatus: () => Promise<Outcome<LocalSyncStatus>>;
  /** Every onSyncStatus call since connect, in order. */
  syncStatuses: () => LocalSyncStatus[];
  /**
   * Fault injection: from now on this tab's BroadcastChannel messages of these types are not sent
   * (e.g. `response`: a leader that runs a follower's request and never answers it).
   */
  dropTabMessages: (types: string[]) => void;
  close: () => Promise<Outcome<null>>;
  wipe: () => Promise<Outcome<null>>;
  /** wipeLocalDatabase without a connection (no key). */
  wipeWithoutKey: (fileName: string) => Promise<Outcome<null>>;
  /** Every file in this origin's OPFS, recursively. */
  opfsFiles: () => Promise<OpfsEntry[]>;
  /** Writes a plain OPFS file: the control that shows scanOpfs finds what is stored in the clear. */
  writeOpfsFile: (name: string, text: string) => Promise<void>;
  scanOpfs: (needle: string) => Promise<ByteScan>;
  /** Reads every block IDBBatchAtomicVFS stored for this database file. */
  scanIdb: (fileName: string, needle: string) => Promise<ByteScan & { fileSize: number }>;
  idbDatabaseNames: () => Promise<string[]>;
};

declare global {
  interface Window {
    harness: Harness;
  }
}
