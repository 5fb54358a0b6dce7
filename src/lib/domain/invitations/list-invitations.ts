import 'server-only';
import { and, desc, eq } from 'drizzle-orm';
import { requirePracticePermission, type PracticeActor } from '@/lib/auth/authorize';
import type { Database } from '@/lib/db/client';
import { users } from '@/lib/db/schema/auth';
import { practiceInvitations } from '@/lib/db/schema/invitations';
import { withActor } from '@/lib/db/tx';
import { toInvitationListItem } from './find-invitation';
import type { TInvitationListItem } from './schemas';

/**
 * The practice's open invitations, newest first, with expired ones flagged (they stay listed so
 * they can be resent or revoked). Needs `members.invite`, not `members.read`: everyone may see
 * the staff list, but pending invitations name people who are not staff yet, and only those who
 * can act on an invitation need to see them (minimum necessary).
 */
export const listInvitations = async ({
  database,
  actor,
  practiceId,
}: {
  database: Database;
  actor: PracticeActor;
  practiceId: string;
}): Promise<TInvitationListItem[]> => {
  requirePracticePermission(actor, practiceId, 'members.invite');
  const rows = await withActor(database, { userId: actor.userId, practiceIds: [practiceId] }, (tx) =>
    tx
      .select({ invitation: practiceInvitations, invitedByName: users.name })
      .from(practiceInvitations)
      .leftJoin(users, eq(users.id, practiceInvitations.invitedBy))
      .where(and(eq(practiceInvitations.practiceId, practiceId), eq(practiceInvitations.status, 'pending')))
      .orderBy(desc(practiceInvitations.createdAt)),
  );
  const now = new Date();
  return rows.map((row) => toInvitationListItem(row.invitation, row.invitedByName, now));
};
