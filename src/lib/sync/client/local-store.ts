import type { TCursors } from '../protocol/common';
import type { TMutationEnvelope } from '../protocol/push';
import type { TSyncedTable } from '../protocol/tables';
import type { LocalRow } from './local-writer';

/*
 * The device database as the replicator sees it (issue #5 §5): rows of the synced tables, the
 * outbox, cursors, and the bookkeeping for rebase. Implemented over SQLite (wa-sqlite) in
 * ./sqlite/sqlite-store.ts; the same implementation runs in the browser worker and in Node.
 *
 * Rows hold the device's *view*: confirmed server rows with the pending mutations applied on top.
 * Before a pending mutation first changes a row, the row's confirmed state is kept as a *shadow*;
 * rebase restores the shadows, applies the server's changes, and replays what is still pending.
 */

export type OutboxEntry = TMutationEnvelope;

/** A mutation the server refused: kept, visible, until a person dismisses it (invariant 4). */
export type RejectedMutation = {
  id: number;
  name: string;
  args: unknown;
  error: { code: string; message: string };
  rejectedAt: string;
};

export type Shadow = { table: TSyncedTable; id: string; row: LocalRow | null };

export type LocalTx = {
  getRow: (table: TSyncedTable, id: string) => Promise<LocalRow | null>;
  putRow: (table: TSyncedTable, row: LocalRow) => Promise<void>;
  /** Many rows at once (a pull page): fewer statements than one putRow each. */
  putRows: (table: TSyncedTable, rows: readonly LocalRow[]) => Promise<void>;
  /** Whether the synced tables hold no row at all (a new device, or one just wiped). */
  isEmpty: () => Promise<boolean>;
  /**
   * Starts a bulk load into an empty store (an initial sync) or ends it. During one the search
   * indexes are dropped (building an index once over 100k rows costs a fraction of maintaining it
   * row by row) and the store may use more memory; ending it builds the indexes and gives the memory
   * back. Idempotent. Nothing about durability changes: each page is still one transaction, and a
   * store that opens after a load was interrupted midway recreates the missing indexes.
   */
  setBulkLoad: (on: boolean) => Promise<void>;
  deleteRow: (table: TSyncedTable, id: string) => Promise<void>;
  /** Drops every row of a practice (a reset, or the user left it). */
  deletePracticeRows: (practiceId: string) => Promise<void>;

  /** The confirmed state of a row kept before a pending mutation changed it; undefined when none. */
  getShadow: (table: TSyncedTable, id: string) => Promise<Shadow | undefined>;
  putShadow: (shadow: Shadow) => Promise<void>;
  listShadows: () => Promise<Shadow[]>;
  clearShadows: () => Promise<void>;

  appendOutbox: (entry: OutboxEntry) => Promise<void>;
  /** Pending mutations in order, optionally after an id, at most `limit`. */
  listOutbox: (options?: { afterId?: number; limit?: number }) => Promise<OutboxEntry[]>;
  countOutbox: () => Promise<number>;
  /** The oldest pending mutation's time, or null when nothing is pending. */
  oldestOutboxAt: () => Promise<string | null>;
  deleteOutboxThrough: (id: number) => Promise<void>;
  deleteOutboxEntry: (id: number) => Promise<void>;

  addRejected: (rejected: RejectedMutation) => Promise<void>;
  listRejected: () => Promise<RejectedMutation[]>;
  deleteRejected: (id: number) => Promise<void>;

  getMeta: (key: string) => Promise<string | null>;
  setMeta: (key: string, value: string) => Promise<void>;
  getCursors: () => Promise<TCursors>;
  setCursors: (cursors: TCursors) => Promise<void>;
  deleteCursor: (practiceId: string) => Promise<void>;
};

export type LocalStore = {
  /** Runs `fn` in one local transaction (serialized with every other): all or nothing. */
  transaction: <T>(fn: (tx: LocalTx) => Promise<T>) => Promise<T>;
  close: () => Promise<void>;
};
