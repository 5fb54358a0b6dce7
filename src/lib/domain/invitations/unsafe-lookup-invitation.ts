import 'server-only';
import { eq } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { users } from '@/lib/db/schema/auth';
import { practiceInvitations, type PracticeInvitation } from '@/lib/db/schema/invitations';
import { practices } from '@/lib/db/schema/practices';
import { unsafeSystemTx } from '@/lib/db/tx';
import { hashInvitationToken } from './invitation-token';

export type InvitationLookup = {
  invitation: PracticeInvitation;
  tokenHash: string;
  practiceName: string;
  inviterName: string | null;
  /** Whether a user with the invited email exists (identity table, no RLS). */
  accountExists: boolean;
};

/**
 * The invitation a link's token names, in whichever practice it is, or null.
 *
 * Why `unsafe`: it runs on the owner connection (unsafeSystemTx), outside any actor's scope. The
 * person holding the link is not a member of the practice yet, so row-level security hides the
 * row from them, and the practice is what we are trying to learn. It is safe because the token is
 * the capability: the lookup is by the SHA-256 of a 256-bit random token (equality on a unique
 * index, never a scan or a prefix), only the emailed link carries it, and callers reveal nothing
 * but the invitation itself (practice name, role, invited email, inviter) to its holder. Callers
 * must never take an id or an email from the request and look an invitation up by that.
 *
 * Limitation: where the database owner is neither superuser nor BYPASSRLS (some managed
 * PostgreSQL services), FORCE'd RLS applies to the owner too and this finds nothing; a
 * SECURITY DEFINER lookup function would be needed there (decision 0008).
 */
export const unsafeLookupInvitationByToken = async (database: Database, token: string): Promise<InvitationLookup | null> => {
  const tokenHash = hashInvitationToken(token);
  return unsafeSystemTx(database, async (tx) => {
    const [row] = await tx
      .select({ invitation: practiceInvitations, practiceName: practices.name, inviterName: users.name })
      .from(practiceInvitations)
      .innerJoin(practices, eq(practices.id, practiceInvitations.practiceId))
      .leftJoin(users, eq(users.id, practiceInvitations.invitedBy))
      .where(eq(practiceInvitations.tokenHash, tokenHash))
      .limit(1);
    if (row === undefined) {
      return null;
    }
    const [account] = await tx.select({ id: users.id }).from(users).where(eq(users.email, row.invitation.email)).limit(1);
    return { ...row, tokenHash, accountExists: account !== undefined };
  });
};
