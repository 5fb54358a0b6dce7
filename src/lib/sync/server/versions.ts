import 'server-only';
import { eq, sql } from 'drizzle-orm';
import type { Tx } from '@/lib/db/client';
import { practices } from '@/lib/db/schema/practices';
import { AppError } from '@/lib/api/errors';

/**
 * Allocates the practice's next version in this transaction (DESIGN §5 invariant 1): the UPDATE
 * locks the practice's row until commit, so another writer of the practice waits, and versions are
 * committed in the order they are handed out. A pull can therefore trust that every version up to
 * the committed `change_seq` is final.
 *
 * Call it in the outer transaction, never inside a savepoint that may roll back: a rolled-back
 * allocation would hand the same number out again while rows already carry it.
 */
export const allocateVersion = async (tx: Tx, practiceId: string): Promise<number> => {
  const [row] = await tx
    .update(practices)
    .set({ changeSeq: sql`${practices.changeSeq} + 1` })
    .where(eq(practices.id, practiceId))
    .returning({ version: practices.changeSeq });
  if (!row) {
    throw new AppError('NOT_FOUND');
  }
  return row.version;
};

/** One version per practice per transaction, allocated on first use. */
export const createVersionAllocator = (tx: Tx) => {
  const allocated = new Map<string, number>();
  return async (practiceId: string): Promise<number> => {
    const known = allocated.get(practiceId);
    if (known !== undefined) {
      return known;
    }
    const version = await allocateVersion(tx, practiceId);
    allocated.set(practiceId, version);
    return version;
  };
};
