import type { SqlValue } from '@/lib/sync/client/sqlite/connection';
import type { LocalDbErrorShape } from './errors';
import type { LocalVfs } from './names';

/*
 * The messages between a page and its database worker (db-worker.ts). One request, one result
 * with the same id; `changes` events arrive unasked after every committed write.
 */

export type LocalRow = Record<string, SqlValue>;

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
  close: { args: Record<string, never>; result: null };
  /** Closes the database if it is open, then deletes every copy of `fileName`. */
  wipe: { args: { fileName: string }; result: null };
};

export type WorkerOp = keyof WorkerOps;

export type WorkerRequest = { [K in WorkerOp]: { id: number; op: K; args: WorkerOps[K]['args'] } }[WorkerOp];

export type WorkerMessage =
  | { kind: 'result'; id: number; ok: true; value: WorkerOps[WorkerOp]['result'] }
  | { kind: 'result'; id: number; ok: false; error: LocalDbErrorShape }
  /** Tables a committed transaction changed, for tabs to refresh what they show. */
  | { kind: 'changes'; tables: string[] };

/** The statement operations a follower tab may ask the leader to run. */
export const QUERY_OPS = ['all', 'get', 'run', 'exec'] as const;
export type QueryOp = (typeof QUERY_OPS)[number];

/** Statements that may write: never run twice when the answer was lost. */
export const isWriteOp = (op: QueryOp): boolean => op === 'run' || op === 'exec';
