import 'server-only';
import { uuidv7 } from 'uuidv7';
import type { Tx } from '@/lib/db/client';
import { conflicts } from '@/lib/db/schema/sync';
import type { TConflictReason } from '../protocol/push';
import type { TSyncedTable } from '../protocol/tables';
import { recordChange } from './change-log';

export type RecordConflictOptions = {
  tx: Tx;
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

/**
 * Writes a conflict record (DESIGN §5 invariant 4: nothing a device wrote is dropped without one).
 * A synced row: it reaches every device of the practice that may read the entity, which shows it in
 * the conflict inbox until someone resolves it.
 */
export const recordConflict = async ({ tx, version, ...conflict }: RecordConflictOptions): Promise<string> => {
  const id = uuidv7();
  await tx.insert(conflicts).values({
    id,
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
  });
  await recordChange(tx, { practiceId: conflict.practiceId, table: 'conflicts', rowId: id, version, op: 'put' });
  return id;
};
