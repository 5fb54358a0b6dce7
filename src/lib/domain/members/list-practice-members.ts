import 'server-only';
import { asc, eq } from 'drizzle-orm';
import { requirePracticePermission, type PracticeActor } from '@/lib/auth/authorize';
import type { Database } from '@/lib/db/client';
import { users } from '@/lib/db/schema/auth';
import { practiceMembers } from '@/lib/db/schema/members';
import { withActor } from '@/lib/db/tx';

/** The practice's staff with their roles and status (`members.read`), by name. */
export const listPracticeMembers = async ({
  database,
  actor,
  practiceId,
}: {
  database: Database;
  actor: PracticeActor;
  practiceId: string;
}) => {
  requirePracticePermission(actor, practiceId, 'members.read');
  return withActor(database, { userId: actor.userId, practiceIds: [practiceId] }, (tx) =>
    tx
      .select({
        userId: practiceMembers.userId,
        name: users.name,
        email: users.email,
        role: practiceMembers.role,
        status: practiceMembers.status,
        since: practiceMembers.createdAt,
      })
      .from(practiceMembers)
      .innerJoin(users, eq(users.id, practiceMembers.userId))
      .where(eq(practiceMembers.practiceId, practiceId))
      .orderBy(asc(users.name)),
  );
};
