import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { uuidv7 } from 'uuidv7';
import { ROLES, type TRole } from '../../auth/permissions';
import { users } from './auth';
import { practiceIdColumn, sqlStringList, timestamptz } from './columns';
import { practices } from './practices';

/**
 * The database checks a membership's role against the roles of the permission matrix
 * (src/lib/auth/permissions.ts), the one list. Imported relatively because drizzle-kit loads
 * schema modules without the `@/` alias; permissions.ts depends on Zod alone, so that is safe.
 */
export const MEMBER_ROLES = ROLES;
export type MemberRole = TRole;

export const MEMBER_STATUSES = ['active', 'deactivated'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];


/**
 * A user's membership of a practice, with one role. A tenant table (row-level security FORCE'd,
 * drizzle/0005_identity_rls.sql): the app role sees the rows of the practices in scope, and also a
 * user's *own* rows in any practice, which is how a request's practice scope is computed
 * (src/lib/api/session.ts). Deactivation keeps the row (for audit and history); only `active`
 * memberships put a practice in scope.
 */
export const practiceMembers = pgTable(
  'practice_members',
  {
    id: uuid('id')
      .primaryKey()
      .$defaultFn(() => uuidv7()),
    practiceId: practiceIdColumn().references(() => practices.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    role: text('role').$type<MemberRole>().notNull(),
    status: text('status').$type<MemberStatus>().notNull().default('active'),
    /** The member who invited this one; null for a practice's founding owner. */
    invitedBy: uuid('invited_by').references(() => users.id),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at')
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
    deactivatedAt: timestamptz('deactivated_at'),
  },
  (t) => [
    unique('practice_members_practice_id_user_id_unique').on(t.practiceId, t.userId),
    index('practice_members_user_id_idx').on(t.userId),
    check('practice_members_role_valid', sql`${t.role} in (${sqlStringList(MEMBER_ROLES)})`),
    check('practice_members_status_valid', sql`${t.status} in (${sqlStringList(MEMBER_STATUSES)})`),
    check(
      'practice_members_deactivated_at_matches_status',
      sql`(${t.status} = 'deactivated') = (${t.deactivatedAt} is not null)`,
    ),
  ],
);

export type PracticeMember = typeof practiceMembers.$inferSelect;
export type NewPracticeMember = typeof practiceMembers.$inferInsert;
