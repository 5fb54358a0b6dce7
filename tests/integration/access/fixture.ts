import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { TRole } from '@/lib/auth/permissions';
import type { Database } from '@/lib/db/client';
import { practiceInvitations } from '@/lib/db/schema/invitations';
import { hashInvitationToken } from '@/lib/domain/invitations/invitation-token';
import { practiceMembers } from '@/lib/db/schema/members';
import type { Practice } from '@/lib/db/schema/practices';
import { unsafeSystemTx } from '@/lib/db/tx';
import { seedStaff } from '../../factories/identity';
import type { SpecSeeder } from './route-specs';

/*
 * Seeding for the access tests, through the shared factories where they exist. Invitations have
 * no factory yet: they are inserted as the owner with the practice in scope, like the factories do.
 */

const scopeTo = (practiceId: string) => sql`select set_config('app.practice_ids', ${practiceId}, true)`;

/**
 * Inserts a pending invitation of `practiceId`, sent by `invitedBy`, to a unique email; returns
 * the link's token too (only its hash is stored, as the app does).
 */
export const seedInvitation = async (
  database: Database,
  { practiceId, invitedBy, role }: { practiceId: string; invitedBy: string; role: TRole },
): Promise<{ id: string; token: string; email: string }> =>
  unsafeSystemTx(database, async (tx) => {
    await tx.execute(scopeTo(practiceId));
    const id = uuidv7();
    const token = randomBytes(32).toString('base64url');
    const email = `invitee-${randomBytes(4).toString('hex')}@clinic.test`;
    await tx.insert(practiceInvitations).values({
      id,
      practiceId,
      email,
      role,
      tokenHash: hashInvitationToken(token),
      invitedBy,
      expiresAt: new Date(Date.now() + 7 * 24 * 3_600_000),
    });
    return { id, token, email };
  });

/** Names of the messages in the development mailbox (`dataDir/mailbox`): mail is a change too. */
export const mailboxContents = async (dataDir: string): Promise<string[]> => {
  try {
    return (await readdir(path.join(dataDir, 'mailbox'))).sort();
  } catch {
    return [];
  }
};

/** Deactivates a membership directly (fixture setup, not the behaviour under test). */
export const deactivateMembership = async (database: Database, { practiceId, userId }: { practiceId: string; userId: string }) =>
  unsafeSystemTx(database, async (tx) => {
    await tx.execute(scopeTo(practiceId));
    await tx
      .update(practiceMembers)
      .set({ status: 'deactivated', deactivatedAt: new Date() })
      .where(and(eq(practiceMembers.practiceId, practiceId), eq(practiceMembers.userId, userId)));
  });

/** A {@link SpecSeeder} for `practice`; invitations are sent by `ownerUserId`. */
export const createSeeder = (database: Database, practice: Practice, ownerUserId: string): SpecSeeder => ({
  practiceId: practice.id,
  member: async (role) => ({ userId: (await seedStaff(database, practice, role)).userId }),
  invitation: (role) => seedInvitation(database, { practiceId: practice.id, invitedBy: ownerUserId, role }),
});
