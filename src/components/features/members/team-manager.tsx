'use client';

import { UsersIcon } from 'lucide-react';
import * as React from 'react';

import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { Skeleton } from '@/components/ui/skeleton';
import { can, canManageRole, ROLES, type TRole } from '@/lib/auth/permissions';
import type { TInvitationListItem } from '@/lib/domain/invitations/schemas';
import { fetchInvitations, fetchMembers, type TeamMember } from './api';
import { InviteMemberDialog } from './invite-member-dialog';
import { MembersTable } from './members-table';
import { PendingInvitations } from './pending-invitations';

type Loaded<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'error'; message: string };

/**
 * The Team page of the active practice. What the signed-in member may do comes from the
 * permission matrix (`can`, `canManageRole`) and only decides which controls are shown; the API
 * checks every call again. Without `members.invite` the invitations are neither fetched nor shown;
 * without role or deactivate rights the list is read-only.
 */
export const TeamManager = ({
  practiceId,
  practiceName,
  role,
  currentUserId,
}: {
  practiceId: string;
  practiceName: string;
  role: TRole;
  currentUserId: string;
}) => {
  const canInvite = can(role, 'members.invite');
  const controls = React.useMemo(
    () => ({
      manageableRoles: can(role, 'members.role.write') ? ROLES.filter((target) => canManageRole(role, target)) : [],
      canDeactivate: can(role, 'members.deactivate'),
    }),
    [role],
  );
  const invitableRoles = React.useMemo(() => ROLES.filter((target) => canManageRole(role, target)), [role]);
  const [members, setMembers] = React.useState<Loaded<TeamMember[]>>({ state: 'loading' });
  const [invitations, setInvitations] = React.useState<Loaded<TInvitationListItem[]>>({ state: 'loading' });
  const [version, setVersion] = React.useState(0);
  const reload = React.useCallback(() => setVersion((value) => value + 1), []);

  React.useEffect(() => {
    let current = true;
    void fetchMembers(practiceId).then((result) => {
      if (current) {
        setMembers(result.ok ? { state: 'ready', value: result.value.members } : { state: 'error', message: result.error.message });
      }
    });
    if (canInvite) {
      void fetchInvitations(practiceId).then((result) => {
        if (current) {
          setInvitations(
            result.ok ? { state: 'ready', value: result.value.invitations } : { state: 'error', message: result.error.message },
          );
        }
      });
    }
    return () => {
      current = false;
    };
  }, [practiceId, canInvite, version]);

  const errorBox = (message: string) => (
    <div role="alert" className="flex flex-wrap items-center gap-3 rounded-xl border border-destructive/30 bg-destructive/5 p-4 text-sm">
      <span className="text-destructive">{message}</span>
      <Button variant="outline" size="sm" onClick={reload}>
        Try again
      </Button>
    </div>
  );

  return (
    <div className="space-y-8">
      <section aria-labelledby="team-members-heading" className="space-y-4">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="team-members-heading" className="text-lg font-semibold">
            Members
          </h2>
          {canInvite && invitableRoles.length > 0 ? (
            <InviteMemberDialog practiceId={practiceId} practiceName={practiceName} roles={invitableRoles} onInvited={reload} />
          ) : null}
        </div>
        {members.state === 'loading' ? (
          <div className="space-y-2" aria-busy="true" aria-label="Loading members">
            <Skeleton className="h-10 w-full" />
            <Skeleton className="h-10 w-full" />
            <Skeleton className="h-10 w-full" />
          </div>
        ) : members.state === 'error' ? (
          errorBox(members.message)
        ) : members.value.length === 0 ? (
          <EmptyState icon={UsersIcon} headingLevel="h3" title="No members" description="Invite your staff to work in this practice." />
        ) : (
          <MembersTable
            practiceId={practiceId}
            practiceName={practiceName}
            currentUserId={currentUserId}
            members={members.value}
            controls={controls}
            onChanged={reload}
          />
        )}
        {!canInvite && controls.manageableRoles.length === 0 && !controls.canDeactivate ? (
          <p className="text-sm text-muted-foreground">
            Owners and administrators invite members, change roles and deactivate members.
          </p>
        ) : null}
      </section>
      {canInvite ? (
        <section aria-labelledby="team-invitations-heading" className="space-y-4">
          <h2 id="team-invitations-heading" className="text-lg font-semibold">
            Open invitations
          </h2>
          {invitations.state === 'loading' ? (
            <Skeleton className="h-10 w-full" />
          ) : invitations.state === 'error' ? (
            errorBox(invitations.message)
          ) : (
            <PendingInvitations
              practiceId={practiceId}
              invitations={invitations.value}
              manageableRoles={invitableRoles}
              onChanged={reload}
            />
          )}
        </section>
      ) : null}
    </div>
  );
};
