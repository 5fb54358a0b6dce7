import type { SqlValue } from '@/lib/sync/client/sqlite/connection';
import { TabCoordinator, type TabCoordinatorOptions } from './leader';
import type { LocalVfs } from './names';
import type { LocalRow } from './worker-protocol';

export { wipeLocalDatabase } from './leader';
export { LocalDbError, type LocalDbErrorCode } from './errors';
export type { LocalVfs } from './names';

/*
 * The page's handle on the local database (issue #6 §1–2): the same API in every tab, whether the
 * tab leads (its own worker runs the statement) or follows (the leader's worker does). Each call is
 * one transaction in the worker: write BEGIN/COMMIT nowhere; put related statements in one exec().
 * Failures are LocalDbError with a `code`, and never carry parameter values or row data.
 */

export type LocalDatabase = {
  all: <T extends LocalRow = LocalRow>(sql: string, params?: readonly SqlValue[]) => Promise<T[]>;
  get: <T extends LocalRow = LocalRow>(sql: string, params?: readonly SqlValue[]) => Promise<T | undefined>;
  /** Runs one statement; answers the number of rows it changed. */
  run: (sql: string, params?: readonly SqlValue[]) => Promise<number>;
  /** Runs statements without parameters (one transaction). */
  exec: (sql: string) => Promise<void>;
  /** Called in every tab with the tables a committed write changed, whichever tab wrote. */
  onTablesChanged: (listener: (tables: readonly string[]) => void) => () => void;
  /** Called when this tab becomes leader (true) or stops leading (false): where the replicator runs. */
  onLeaderChange: (listener: (isLeader: boolean) => void) => () => void;
  isLeader: () => boolean;
  /** Where the leader keeps the file. */
  vfs: () => LocalVfs;
  /** Leaves: a leader finishes running statements, closes the file and hands over to another tab. */
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
      coordinator.query('all', { sql, params: [...params] }) as Promise<T[]>,
    get: async <T extends LocalRow>(sql: string, params: readonly SqlValue[] = []) =>
      ((await coordinator.query('get', { sql, params: [...params] })) ?? undefined) as T | undefined,
    run: (sql, params = []) => coordinator.query('run', { sql, params: [...params] }),
    exec: async (sql) => {
      await coordinator.query('exec', { sql });
    },
    onTablesChanged: (listener) => coordinator.onTablesChanged(listener),
    onLeaderChange: (listener) => coordinator.onLeaderChange(listener),
    isLeader: () => coordinator.isLeader(),
    vfs: () => coordinator.vfs(),
    close: () => coordinator.close(),
    wipe: () => coordinator.wipe(),
  };
};
