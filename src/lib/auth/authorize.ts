import { AppError } from '@/lib/api/errors';
import { can, type TPermission, type TRole } from './permissions';

/** The part of a session that authorization needs. */
export type PracticeActor = {
  userId: string;
  memberships: readonly { practiceId: string; role: TRole }[];
};

/**
 * The actor's membership in `practiceId` when it grants `permission`; used by every domain
 * function before it touches a practice's data (CONVENTIONS §3).
 * - Not a member (or the practice does not exist): NOT_FOUND, so another practice's ids reveal
 *   nothing (DESIGN §6: "a record of another practice answers 404, not 403").
 * - A member whose role lacks the permission: FORBIDDEN.
 */
export const requirePracticePermission = (
  actor: PracticeActor,
  practiceId: string,
  permission: TPermission,
): { practiceId: string; role: TRole } => {
  const membership = actor.memberships.find((m) => m.practiceId === practiceId);
  if (membership === undefined) {
    throw new AppError('NOT_FOUND');
  }
  if (!can(membership.role, permission)) {
    throw new AppError('FORBIDDEN');
  }
  return membership;
};
