import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { TRole } from '@/lib/auth/permissions';
import type { Database } from '@/lib/db/client';
import { practiceInvitations, type InvitationStatus, type PracticeInvitation } from '@/lib/db/schema/invitations';
import type { Practice } from '@/lib/db/schema/practices';
import { unsafeSystemTx } from '@/lib/db/tx';
import { createInvitationToken } from '@/lib/domain/invitations/invitation-token';

/*
 * Invitations for domain tests, written as the owner with the practice in scope (like the other
 * factories). Returns the token too: the database only ever holds its hash.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

export const seedInvitation = async (
  database: Database,
  {
    practice,
    invitedBy,
    email = `invitee-${randomBytes(4).toString('hex')}@clinic.test`,
    role = 'nurse',
    status = 'pending',
    expiresAt = new Date(Date.now() + 7 * DAY_MS),
  }: {
    practice: Pick<Practice, 'id'>;
    invitedBy: string;
    email?: string;
    role?: TRole;
    status?: InvitationStatus;
    expiresAt?: Date;
  },
): Promise<{ invitation: PracticeInvitation; token: string }> => {
  const { token, tokenHash } = createInvitationToken();
  const now = new Date();
  return unsafeSystemTx(database, async (tx) => {
    await tx.execute(sql`select set_config('app.practice_ids', ${practice.id}, true)`);
    const [invitation] = await tx
      .insert(practiceInvitations)
      .values({
        practiceId: practice.id,
        email,
        role,
        tokenHash,
        status,
        invitedBy,
        expiresAt,
        ...(status === 'revoked' ? { revokedAt: now } : {}),
        ...(status === 'accepted' ? { acceptedAt: now, acceptedBy: invitedBy } : {}),
      })
      .returning();
    if (!invitation) {
      throw new Error('seedInvitation: insert returned no row');
    }
    return { invitation, token };
  });
};
