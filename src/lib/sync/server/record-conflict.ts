import 'server-only';
import { uuidv7 } from 'uuidv7';
import type { Tx } from '@/lib/db/client';
import { insertJsonRows } from '@/lib/db/json-rows';
import { conflicts } from '@/lib/db/schema/sync';
import type { TConflictReason } from '../protocol/push';
import type { TSyncedTable } from '../protocol/tables';
import { recordChanges } from './change-log';

export type ConflictRecord = {
  /** Chosen by the caller (newConflictId), so it can answer with it before the row is written. */
  id: string;
  practiceId: string;
  version: number;
  entityTable: TSyncedTable;
  entityId: string | null;
  reason: TConflictReason;
  mutationName: string;
  clientId: string | null;
  mutationId: number | null;
  authorUserId: string;
  mine: Record<string, unknown>;
  theirs?: Record<string, unknown> | null;
  base?: Record<string, unknown> | null;
  error?: { code: string; message: string } | null;
};

export const newConflictId = (): string => uuidv7();

/**
 * Writes conflict records (DESIGN §5 invariant 4: nothing a device wrote is dropped without one),
 * in two statements however many (a push may refuse or collide on many at once). Synced rows: they
 * reach every device of the practice that may read the entity, which shows them in the conflict
 * inbox until someone resolves them.
 */
export const recordConflicts = async (tx: Tx, records: readonly ConflictRecord[]): Promise<void> => {
  if (records.length === 0) {
    return;
  }
  const rows = records.map(({ version, ...conflict }) => ({
    id: conflict.id,
    practiceId: conflict.practiceId,
    entityTable: conflict.entityTable,
    entityId: conflict.entityId,
    reason: conflict.reason,
    mutationName: conflict.mutationName,
    clientId: conflict.clientId,
    mutationId: conflict.mutationId,
    authorUserId: conflict.authorUserId,
    mine: conflict.mine,
    theirs: conflict.theirs ?? null,
    base: conflict.base ?? null,
    error: conflict.error ?? null,
    version,
    createdBy: conflict.authorUserId,
    updatedBy: conflict.authorUserId,
  }));
  await tx.execute(insertJsonRows(conflicts, rows));
  await recordChanges(
    tx,
    rows.map((row) => ({ practiceId: row.practiceId, table: 'conflicts' as const, rowId: row.id, version: row.version, op: 'put' as const })),
  );
};
