import type { SqlValue } from '@/lib/sync/client/sqlite/connection';
import { TabCoordinator, type TabCoordinatorOptions } from './leader';
import type { LocalVfs } from './names';
import type { LocalRow, LocalSyncStatus } from './worker-protocol';

export { wipeLocalDatabase } from './leader';
export { LocalDbError, type LocalDbErrorCode, type LocalDbFieldError } from './errors';
export type { LocalVfs } from './names';
export type { LocalSyncStatus, PokeStreamState } from './worker-protocol';

/*
 * The page's handle on the local database (issue #6 §1–2): the same API in every tab, whether the
 * tab leads (its own worker runs the statement) or follows (the leader's worker does). Each call is
 * one transaction in the worker: write BEGIN/COMMIT nowhere; put related statements in one exec().
 * Failures are LocalDbError with a `code`, and never carry parameter values or row data.
 *
 * With `sync: { userId }`, the leader's worker keeps the database in sync with the server, and
 * changes go through mutate() (the sync engine's named mutations), never through run()/exec().
 */

export type LocalDatabase = {
  all: <T extends LocalRow = LocalRow>(sql: string, params?: readonly SqlValue[]) => Promise<T[]>;
  get: <T extends LocalRow = LocalRow>(sql: string, params?: readonly SqlValue[]) => Promise<T | undefined>;
  /** Runs one statement; answers the number of rows it changed. */
  run: (sql: string, params?: readonly SqlValue[]) => Promise<number>;
  /** Runs statements without parameters (one transaction). */
  exec: (sql: string) => Promise<void>;
  /**
   * Makes a change through a named mutation (src/lib/sync/mutations, e.g. `patients.update`): its
   * optimistic local write and its outbox entry in one local transaction, pushed when the network
   * allows. Answers the mutation id. Applied exactly once even when the leader tab closes while
   * running it. Fails with `invalid_mutation` (and `fields`) when the arguments fail the schema,
   * `sync_not_started` without `sync`.
   */
  mutate: (name: string, args: unknown) => Promise<number>;
  /** Syncs now (and restarts a sync that stopped, e.g. after signing in again); answers the status after it. */
  syncNow: () => Promise<LocalSyncStatus>;
  /** The sync status, asked of the leader. */
  getSyncStatus: () => Promise<LocalSyncStatus>;
  /** Called in every tab with each change of the leader's sync status. */
  onSyncStatus: (listener: (status: LocalSyncStatus) => void) => () => void;
  /** Called in every tab with the tables a committed write changed, whichever tab wrote (pulls and mutations included). */
  onTablesChanged: (listener: (tables: readonly string[]) => void) => () => void;
  /** Called when this tab becomes leader (true) or stops leading (false). */
  onLeaderChange: (listener: (isLeader: boolean) => void) => () => void;
  isLeader: () => boolean;
  /** Where the leader keeps the file. */
  vfs: () => LocalVfs;
  /** Leaves: a leader stops sync, finishes running statements, closes the file and hands over to another tab. */
  close: () => Promise<void>;
  /** Closes the database in every tab and deletes it from OPFS and IndexedDB (sign-out on a shared device). */
  wipe: () => Promise<void>;
};

export type ConnectLocalDatabaseOptions = TabCoordinatorOptions;

/** Joins the tabs of `fileName` (one file per user and installation); resolves once a leader has it open. */
export const connectLocalDatabase = async (options: ConnectLocalDatabaseOptions): Promise<LocalDatabase> => {
  const coordinator = new TabCoordinator(options);
  await coordinator.start();
  return {
    all: <T extends LocalRow>(sql: string, params: readonly SqlValue[] = []) =>
      coordinator.call('all', { sql, params: [...params] }) as Promise<T[]>,
    get: async <T extends LocalRow>(sql: string, params: readonly SqlValue[] = []) =>
      ((await coordinator.call('get', { sql, params: [...params] })) ?? undefined) as T | undefined,
    run: (sql, params = []) => coordinator.call('run', { sql, params: [...params] }),
    exec: async (sql) => {
      await coordinator.call('exec', { sql });
    },
    // The request id is made here, once per call, and travels with every resend of it.
    mutate: (name, args) => coordinator.call('mutate', { name, args, requestId: crypto.randomUUID() }),
    syncNow: () => coordinator.call('syncNow', {}),
    getSyncStatus: () => coordinator.call('syncStatus', {}),
    onSyncStatus: (listener) => coordinator.onSyncStatus(listener),
    onTablesChanged: (listener) => coordinator.onTablesChanged(listener),
    onLeaderChange: (listener) => coordinator.onLeaderChange(listener),
    isLeader: () => coordinator.isLeader(),
    vfs: () => coordinator.vfs(),
    close: () => coordinator.close(),
    wipe: () => coordinator.wipe(),
  };
};
