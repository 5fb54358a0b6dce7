import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { idColumn, practiceIdColumn, sqlStringList, timestamptz } from './columns';
import { MEMBER_ROLES, type MemberRole } from './members';
import { practices } from './practices';

export const INVITATION_STATUSES = ['pending', 'accepted', 'revoked'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];


/**
 * An invitation to join a practice with a role, sent by email. A tenant table (RLS FORCE'd,
 * drizzle/0007_invitations_passkeys.sql). The email carries a random token; only its SHA-256 is
 * stored, so a database reader cannot accept an invitation. Expiry is a time, not a status: a
 * pending invitation past `expires_at` is expired. Accepted and revoked rows are kept for history.
 */
export const practiceInvitations = pgTable(
  'practice_invitations',
  {
    id: idColumn(),
    practiceId: practiceIdColumn().references(() => practices.id),
    /** Lower-cased. */
    email: text('email').notNull(),
    role: text('role').$type<MemberRole>().notNull(),
    /** hex SHA-256 of the token in the invitation link. */
    tokenHash: text('token_hash').notNull(),
    status: text('status').$type<InvitationStatus>().notNull().default('pending'),
    invitedBy: uuid('invited_by')
      .notNull()
      .references(() => users.id),
    expiresAt: timestamptz('expires_at').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at')
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
    acceptedAt: timestamptz('accepted_at'),
    acceptedBy: uuid('accepted_by').references(() => users.id),
    revokedAt: timestamptz('revoked_at'),
  },
  (t) => [
    uniqueIndex('practice_invitations_token_hash_unique').on(t.tokenHash),
    // One open invitation per person and practice: inviting again replaces (revokes) the old one.
    uniqueIndex('practice_invitations_pending_email_unique')
      .on(t.practiceId, t.email)
      .where(sql`${t.status} = 'pending'`),
    index('practice_invitations_practice_id_idx').on(t.practiceId, t.createdAt),
    check('practice_invitations_role_valid', sql`${t.role} in (${sqlStringList(MEMBER_ROLES)})`),
    check('practice_invitations_status_valid', sql`${t.status} in (${sqlStringList(INVITATION_STATUSES)})`),
    check(
      'practice_invitations_accepted_matches_status',
      sql`(${t.status} = 'accepted') = (${t.acceptedAt} is not null and ${t.acceptedBy} is not null)`,
    ),
    check('practice_invitations_revoked_matches_status', sql`(${t.status} = 'revoked') = (${t.revokedAt} is not null)`),
    check('practice_invitations_email_lower', sql`${t.email} = lower(${t.email})`),
  ],
);

export type PracticeInvitation = typeof practiceInvitations.$inferSelect;
export type NewPracticeInvitation = typeof practiceInvitations.$inferInsert;
