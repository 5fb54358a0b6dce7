import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@/lib/db/client';
import { insertJsonRows } from '@/lib/db/json-rows';
import { changeLog, type ChangeOp } from '@/lib/db/schema/sync';
import type { TSyncedTable } from '../protocol/tables';

export type ChangeEntry = { practiceId: string; table: TSyncedTable; rowId: string; version: number; op: ChangeOp };

/**
 * Moves a row's change log entry to `version` (DESIGN §5): call it in the transaction of every write
 * to a synced table, with the version the row now carries. `remove` for a tombstone.
 */
export const recordChange = (tx: Tx, entry: ChangeEntry): Promise<void> => recordChanges(tx, [entry]);

/**
 * Many rows' entries in one statement (a push writes hundreds of rows). A row named twice keeps its
 * last entry: one upsert may not touch the same row twice.
 */
export const recordChanges = async (tx: Tx, entries: readonly ChangeEntry[]): Promise<void> => {
  const latest = new Map<string, ChangeEntry>();
  for (const entry of entries) {
    latest.set(`${entry.practiceId}\u0000${entry.table}\u0000${entry.rowId}`, entry);
  }
  if (latest.size === 0) {
    return;
  }
  const rows = [...latest.values()].map((entry) => ({ practiceId: entry.practiceId, tableName: entry.table, rowId: entry.rowId, version: entry.version, op: entry.op }));
  await tx.execute(sql`${insertJsonRows(changeLog, rows)} ${UPSERT}`);
};

const UPSERT = sql`on conflict ("practice_id", "table_name", "row_id") do update set "version" = excluded."version", "op" = excluded."op", "changed_at" = now()`;

/**
 * The entries of the rows a query yields — columns (practice_id, table_name, row_id, version, op),
 * one row each — as a statement a writer folds into its own (`with written as (…), logged as
 * (changeLogFrom(…)) …`), saving a round trip per write.
 */
export const changeLogFrom = (source: SQL): SQL =>
  sql`insert into ${changeLog} ("practice_id", "table_name", "row_id", "version", "op") ${source} ${UPSERT}`;
