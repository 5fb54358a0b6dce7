import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { TRole } from '@/lib/auth/permissions';
import type { Database } from '@/lib/db/client';
import { users, type User } from '@/lib/db/schema/auth';
import { practiceMembers } from '@/lib/db/schema/members';
import type { Practice } from '@/lib/db/schema/practices';
import { unsafeSystemTx } from '@/lib/db/tx';

/*
 * Staff for domain tests: a user row (no password; tests that sign in go through better-auth) and
 * memberships. Written as the owner with the practice in scope, like tests/factories/practices.ts.
 */

/** Inserts a user with a unique email unless overridden. */
export const seedUser = async (database: Database, overrides: Partial<typeof users.$inferInsert> = {}): Promise<User> => {
  const suffix = randomBytes(4).toString('hex');
  return unsafeSystemTx(database, async (tx) => {
    const [row] = await tx
      .insert(users)
      .values({ id: uuidv7(), name: `Staff ${suffix}`, email: `staff-${suffix}@clinic.test`, ...overrides })
      .returning();
    if (!row) {
      throw new Error('seedUser: insert returned no row');
    }
    return row;
  });
};

/** Makes `user` an active member of `practice` with `role`; returns the actor shape domain code takes. */
export const seedMember = async (
  database: Database,
  { practice, user, role }: { practice: Practice; user: User; role: TRole },
): Promise<{ userId: string; memberships: { practiceId: string; role: TRole }[] }> => {
  await unsafeSystemTx(database, async (tx) => {
    await tx.execute(sql`select set_config('app.practice_ids', ${practice.id}, true)`);
    await tx.insert(practiceMembers).values({ practiceId: practice.id, userId: user.id, role });
  });
  return { userId: user.id, memberships: [{ practiceId: practice.id, role }] };
};

/** A new user who is a member of `practice` with `role`. */
export const seedStaff = async (database: Database, practice: Practice, role: TRole) =>
  seedMember(database, { practice, user: await seedUser(database), role });
