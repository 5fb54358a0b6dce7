import type { TSyncedTable } from '../protocol/tables';

/*
 * What a mutation's optimistic effect may do to the device's database. Part of the replicator's
 * LocalStore (issue #5: the replicator depends on interfaces, so the same mutators run in the
 * browser worker's SQLite and in Node tests). Rows are JSON objects keyed like the server's rows
 * in a pull (camelCase field names, ISO strings for instants).
 */

export type LocalRow = { id: string } & Record<string, unknown>;

export type LocalWriter = {
  get: (table: TSyncedTable, id: string) => Promise<LocalRow | null>;
  put: (table: TSyncedTable, row: LocalRow) => Promise<void>;
  remove: (table: TSyncedTable, id: string) => Promise<void>;
};
