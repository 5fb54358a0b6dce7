import 'server-only';
import { asc, inArray } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { practices } from '@/lib/db/schema/practices';
import { withActor } from '@/lib/db/tx';

export type ListMemberPracticesOptions = {
  database: Database;
  actor: { userId: string; practiceIds: readonly string[] };
};

/** The practices the actor is an active member of, by name (for the practice switcher). */
export const listMemberPractices = async ({ database, actor }: ListMemberPracticesOptions) => {
  if (actor.practiceIds.length === 0) {
    return [];
  }
  return withActor(database, actor, (tx) =>
    tx
      .select({ id: practices.id, name: practices.name })
      .from(practices)
      .where(inArray(practices.id, [...actor.practiceIds]))
      .orderBy(asc(practices.name)),
  );
};
