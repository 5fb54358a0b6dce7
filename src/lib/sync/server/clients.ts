import 'server-only';
import { eq } from 'drizzle-orm';
import { AppError } from '@/lib/api/errors';
import type { Tx } from '@/lib/db/client';
import { syncClients, type SyncClient } from '@/lib/db/schema/sync';

/**
 * The replica's bookkeeping row, created on first contact and locked for the rest of the
 * transaction, so two pushes of one replica (two tabs racing before leader election settles, a
 * retry overtaking a slow request) take turns and neither applies a mutation twice.
 *
 * A client id belongs to the user who first used it: under row-level security another user's row is
 * invisible, the insert does nothing, and the request is refused. A revoked device is refused with
 * DEVICE_REVOKED.
 */
export const claimSyncClient = async (tx: Tx, { clientId, userId }: { clientId: string; userId: string }): Promise<SyncClient> => {
  // Known replicas (every request but a device's first) take one statement: the locked read.
  const lock = () => tx.select().from(syncClients).where(eq(syncClients.id, clientId)).for('update');
  let [row] = await lock();
  if (!row) {
    await tx.insert(syncClients).values({ id: clientId, userId }).onConflictDoNothing({ target: syncClients.id });
    [row] = await lock();
  }
  if (!row) {
    throw new AppError('FORBIDDEN', 'This device is registered to another user; sign in again to reset it.');
  }
  if (row.revokedAt !== null) {
    // Revoked by its person (src/lib/domain/devices): the device deletes its database.
    throw new AppError('DEVICE_REVOKED');
  }
  return row;
};
