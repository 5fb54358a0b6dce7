import 'server-only';
import { and, count, eq } from 'drizzle-orm';
import { AppError } from '@/lib/api/errors';
import type { Tx } from '@/lib/db/client';
import { practiceMembers } from '@/lib/db/schema/members';

/** The member row, locked for the rest of the transaction; NOT_FOUND when there is none. */
export const findMemberForUpdateOrThrow = async ({ tx, practiceId, userId }: { tx: Tx; practiceId: string; userId: string }) => {
  const [member] = await tx
    .select()
    .from(practiceMembers)
    .where(and(eq(practiceMembers.practiceId, practiceId), eq(practiceMembers.userId, userId)))
    .for('update');
  if (member === undefined) {
    throw new AppError('NOT_FOUND');
  }
  return member;
};

/**
 * Refuses a change that would leave the practice without an active owner. The practice's owner
 * rows are locked first, so two owners demoting each other at once cannot both succeed.
 */
export const assertNotLastOwner = async ({ tx, practiceId }: { tx: Tx; practiceId: string }) => {
  await tx
    .select({ id: practiceMembers.id })
    .from(practiceMembers)
    .where(and(eq(practiceMembers.practiceId, practiceId), eq(practiceMembers.role, 'owner')))
    .for('update');
  const [row] = await tx
    .select({ owners: count() })
    .from(practiceMembers)
    .where(and(eq(practiceMembers.practiceId, practiceId), eq(practiceMembers.role, 'owner'), eq(practiceMembers.status, 'active')));
  if ((row?.owners ?? 0) <= 1) {
    throw new AppError('CONFLICT', 'A practice needs at least one active owner: make someone else owner first.');
  }
};

/**
 * Nobody changes or deactivates their own membership: an admin demoting themselves by mistake, or
 * the one owner at the desk deactivating their own account, would need someone else to undo it.
 * Another owner or admin does it.
 */
export const assertNotSelf = (actorUserId: string, userId: string): void => {
  if (actorUserId === userId) {
    throw new AppError('FORBIDDEN', 'You cannot change your own membership; ask another owner or administrator.');
  }
};
