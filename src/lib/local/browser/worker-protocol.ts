import type { SqlValue } from '@/lib/sync/client/sqlite/connection';
import type { ReplicatorStatus } from '@/lib/sync/client/replicator';
import type { LocalDbErrorShape } from './errors';
import type { LocalVfs } from './names';

/*
 * The messages between a page and its database worker (db-worker.ts). One request, one result
 * with the same id; `changes` and `status` events arrive unasked.
 */

export type LocalRow = Record<string, SqlValue>;

/** Whether the poke stream (GET /api/sync/events) is open, being (re)opened, or not wanted. */
export type PokeStreamState = 'open' | 'connecting' | 'closed';

/**
 * The sync engine's state as every tab sees it: the replicator's status (pending, rejected, last
 * sync, last error, pull progress) plus what the leader's worker knows around it.
 */
export type LocalSyncStatus = ReplicatorStatus & {
  /**
   * Whether sync runs. False before it was started, after stopSync, and after a failure that
   * needs a person (`unauthenticated`: sign in again, then syncNow; `forbidden`; `upgrade_required`).
   * Mutations are still accepted and queued while it is false (once sync was started).
   */
  running: boolean;
  /** The leader browser's view of the network (navigator.onLine). */
  online: boolean;
  pokes: PokeStreamState;
};

export type MutateArgs = {
  name: string;
  args: unknown;
  /**
   * Chosen by the tab that asked, once per mutate call and kept across resends: a mutate the worker
   * already applied under this id answers its mutation id again instead of applying twice.
   */
  requestId: string;
};

export type WorkerOps = {
  /** Opens (creating it unless `mustExist`) the encrypted database; answers the VFS in use. */
  open: {
    args: { key: string; fileName: string; preferVfs?: LocalVfs; mustExist?: boolean };
    result: { vfs: LocalVfs };
  };
  all: { args: { sql: string; params: SqlValue[] }; result: LocalRow[] };
  get: { args: { sql: string; params: SqlValue[] }; result: LocalRow | null };
  /** Answers the number of rows changed. */
  run: { args: { sql: string; params: SqlValue[] }; result: number };
  exec: { args: { sql: string }; result: null };
  /** Stops sync, then closes the database. */
  close: { args: Record<string, never>; result: null };
  /** Stops sync, closes the database if it is open, then deletes every copy of `fileName`. */
  wipe: { args: { fileName: string }; result: null };

  /** Opens the replicator for `userId` and keeps the database in sync (pokes, `online`, a periodic safety net). */
  startSync: { args: { userId: string; clientId?: string }; result: LocalSyncStatus };
  /** Stops syncing; mutations are still queued locally. */
  stopSync: { args: Record<string, never>; result: LocalSyncStatus };
  /** A named mutation (src/lib/sync/mutations): the optimistic local write and its outbox entry in one transaction. Answers the mutation id. */
  mutate: { args: MutateArgs; result: number };
  /** Runs a sync now (restarting a sync that stopped, e.g. after signing in again); answers the status after it. */
  syncNow: { args: Record<string, never>; result: LocalSyncStatus };
  syncStatus: { args: Record<string, never>; result: LocalSyncStatus };
  /** The page's `online`/`offline` events: a worker does not reliably get its own. */
  setOnline: { args: { online: boolean }; result: null };
};

export type WorkerOp = keyof WorkerOps;

export type WorkerRequest = { [K in WorkerOp]: { id: number; op: K; args: WorkerOps[K]['args'] } }[WorkerOp];

export type WorkerMessage =
  | { kind: 'result'; id: number; ok: true; value: WorkerOps[WorkerOp]['result'] }
  | { kind: 'result'; id: number; ok: false; error: LocalDbErrorShape }
  /** Tables a committed transaction changed, for tabs to refresh what they show. */
  | { kind: 'changes'; tables: string[] }
  /** The sync status changed. */
  | { kind: 'status'; status: LocalSyncStatus };

/** The operations a follower tab may ask the leader to run. */
export const RELAYED_OPS = ['all', 'get', 'run', 'exec', 'mutate', 'syncNow', 'syncStatus'] as const;
export type RelayedOp = (typeof RELAYED_OPS)[number];

/**
 * Writes that must never run twice when the answer was lost: a leader that accepted one and went
 * away leaves its outcome unknown. `mutate` is not one of them: its request id makes a repeat
 * answer the first run's mutation id (worker-sync.ts), so it is sent again to the next leader.
 */
export const isUnrepeatableOp = (op: RelayedOp): boolean => op === 'run' || op === 'exec';

/** Operations whose answer a leader keeps per request, so a request sent twice runs once. */
export const keepsAnswer = (op: RelayedOp): boolean => op === 'run' || op === 'exec' || op === 'mutate';
