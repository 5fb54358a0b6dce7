import 'server-only';
import { LockKeyholeIcon } from 'lucide-react';
import type * as React from 'react';

import { EmptyState } from '@/components/ui/empty-state';
import type { ApiMembership, ApiSession } from '@/lib/api/session';
import { getActiveMembership } from '@/lib/auth/page-active-practice';
import { getPageSession } from '@/lib/auth/page-session';
import { can, type TPermission } from '@/lib/auth/permissions';

type ForbiddenProps = {
  /** Says what is not available, e.g. "No audit log for your role". */
  title?: React.ReactNode;
  /** Says who may use it, and what to do instead. */
  description?: React.ReactNode;
};

/**
 * The "you may not use this page" state (the page's 403): a heading and a sentence saying who may,
 * inside the normal shell, so the person can navigate on. Not an error page: nothing went wrong.
 */
export const Forbidden = ({
  title = 'Not available for your role',
  description = 'Your role in this practice does not include this page. Ask an owner or administrator if you need it.',
}: ForbiddenProps) => <EmptyState icon={LockKeyholeIcon} title={title} description={description} />;

/** What {@link requirePagePermission} found. */
export type PageAccess =
  | { allowed: true; session: ApiSession; membership: ApiMembership }
  | { allowed: false; forbidden: React.ReactElement };

/**
 * For server pages that need `permission` in the active practice (the one the switcher shows):
 *
 * ```tsx
 * const access = await requirePagePermission('audit.read', { title: 'No audit log for your role' });
 * if (!access.allowed) return access.forbidden;
 * // access.session, access.membership (practiceId, role)
 * ```
 *
 * Without the permission (or without any practice) the page renders the {@link Forbidden} state.
 * The app layout already sent visitors without a session to sign in. This decides what a page
 * shows; the API and the domain layer check the permission again on every request.
 */
export const requirePagePermission = async (permission: TPermission, copy: ForbiddenProps = {}): Promise<PageAccess> => {
  const session = await getPageSession();
  const membership = session === null ? null : await getActiveMembership(session);
  if (session === null || membership === null || !can(membership.role, permission)) {
    return { allowed: false, forbidden: <Forbidden {...copy} /> };
  }
  return { allowed: true, session, membership };
};
