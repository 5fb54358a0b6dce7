import 'server-only';
import { sql } from 'drizzle-orm';
import type { Tx } from '@/lib/db/client';
import { changeLog, type ChangeOp } from '@/lib/db/schema/sync';
import type { TSyncedTable } from '../protocol/tables';

/**
 * Moves a row's change log entry to `version` (DESIGN §5): call it in the transaction of every write
 * to a synced table, with the version the row now carries. `remove` for a tombstone.
 */
export const recordChange = async (
  tx: Tx,
  entry: { practiceId: string; table: TSyncedTable; rowId: string; version: number; op: ChangeOp },
): Promise<void> => {
  await tx
    .insert(changeLog)
    .values({ practiceId: entry.practiceId, tableName: entry.table, rowId: entry.rowId, version: entry.version, op: entry.op })
    .onConflictDoUpdate({
      target: [changeLog.practiceId, changeLog.tableName, changeLog.rowId],
      set: { version: entry.version, op: entry.op, changedAt: sql`now()` },
    });
};
