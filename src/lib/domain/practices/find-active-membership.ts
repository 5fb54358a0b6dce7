import 'server-only';
import type { ApiMembership } from '@/lib/api/session';
import { orderMembershipsLike, resolveActiveMembership } from '@/lib/auth/active-practice';
import type { Database } from '@/lib/db/client';
import { listMemberPractices } from './list-member-practices';

export type FindActiveMembershipOptions = {
  database: Database;
  actor: { userId: string; practiceIds: readonly string[]; memberships: readonly ApiMembership[] };
  /** The browser's preference (the active-practice cookie); not trusted, only looked up. */
  preferredPracticeId: string | null | undefined;
};

/**
 * The membership whose practice the screens show: the preferred one while the person is still an
 * active member there; otherwise — no cookie yet, or a practice they left or were removed from —
 * silently the first of their practices by name, as the switcher lists them. Null without any
 * practice. The layout, the pages and the API all take it from here, so they always agree.
 */
export const findActiveMembership = async ({
  database,
  actor,
  preferredPracticeId,
}: FindActiveMembershipOptions): Promise<ApiMembership | null> => {
  const preferred = actor.memberships.find((membership) => membership.practiceId === preferredPracticeId);
  // The common cases need no query: a valid cookie, or a single practice.
  if (preferred !== undefined || actor.memberships.length <= 1) {
    return preferred ?? actor.memberships[0] ?? null;
  }
  const practices = await listMemberPractices({ database, actor });
  return resolveActiveMembership(orderMembershipsLike(actor.memberships, practices), null);
};
