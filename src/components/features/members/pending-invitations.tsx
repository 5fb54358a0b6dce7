'use client';

import { MailIcon, RotateCwIcon, XIcon } from 'lucide-react';
import * as React from 'react';
import { toast } from 'sonner';

import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { ROLE_LABELS, type TRole } from '@/lib/auth/permissions';
import type { TInvitationListItem } from '@/lib/domain/invitations/schemas';
import { resend, revoke } from './api';
import { ConfirmDialog } from './confirm-dialog';

const formatDate = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Open invitations with resend and revoke (for the roles the signed-in member may grant). */
export const PendingInvitations = ({
  practiceId,
  invitations,
  manageableRoles,
  onChanged,
}: {
  practiceId: string;
  invitations: readonly TInvitationListItem[];
  manageableRoles: readonly TRole[];
  onChanged: () => void;
}) => {
  const [busyId, setBusyId] = React.useState<string | null>(null);
  const [revoking, setRevoking] = React.useState<TInvitationListItem | null>(null);

  if (invitations.length === 0) {
    return (
      <EmptyState
        icon={MailIcon}
        headingLevel="h3"
        title="No open invitations"
        description="People you invite appear here until they accept. You can resend or revoke an invitation."
      />
    );
  }

  const onResend = async (invitation: TInvitationListItem) => {
    setBusyId(invitation.id);
    const result = await resend(practiceId, invitation.id);
    setBusyId(null);
    if (!result.ok) {
      toast.error('Could not resend', { description: result.error.message });
    } else if (result.value.emailSent) {
      toast.success('Invitation sent again', { description: `A new link went to ${invitation.email}; the previous one no longer works.` });
    } else {
      toast.warning('New link saved, email not sent', { description: result.value.message });
    }
    onChanged();
  };

  return (
    <>
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>Email</TableHead>
            <TableHead>Role</TableHead>
            <TableHead>Invited by</TableHead>
            <TableHead>Expires</TableHead>
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {invitations.map((invitation) => {
            const manageable = manageableRoles.includes(invitation.role);
            return (
              <TableRow key={invitation.id}>
                <TableCell className="font-medium">{invitation.email}</TableCell>
                <TableCell>{ROLE_LABELS[invitation.role]}</TableCell>
                <TableCell className="text-muted-foreground">{invitation.invitedByName ?? '—'}</TableCell>
                <TableCell className="whitespace-nowrap">
                  {invitation.expired ? (
                    <Badge variant="warning">Expired</Badge>
                  ) : (
                    <span className="text-muted-foreground">{formatDate(invitation.expiresAt)}</span>
                  )}
                </TableCell>
                <TableCell className="text-right whitespace-nowrap">
                  {manageable ? (
                    <>
                      <Button
                        variant="ghost"
                        size="sm"
                        disabled={busyId === invitation.id}
                        onClick={() => void onResend(invitation)}
                        aria-label={`Resend the invitation to ${invitation.email}`}
                      >
                        <RotateCwIcon aria-hidden="true" />
                        Resend
                      </Button>
                      <Button
                        variant="ghost"
                        size="sm"
                        disabled={busyId === invitation.id}
                        onClick={() => setRevoking(invitation)}
                        aria-label={`Revoke the invitation to ${invitation.email}`}
                      >
                        <XIcon aria-hidden="true" />
                        Revoke
                      </Button>
                    </>
                  ) : null}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      <ConfirmDialog
        open={revoking !== null}
        onOpenChange={(open) => {
          if (!open) {
            setRevoking(null);
          }
        }}
        title="Revoke this invitation?"
        description={<p>The link sent to {revoking?.email ?? 'this address'} stops working at once. You can invite them again later.</p>}
        confirmLabel="Revoke"
        onConfirm={async () => {
          if (revoking === null) {
            return true;
          }
          const result = await revoke(practiceId, revoking.id);
          if (result.ok) {
            toast.success('Invitation revoked');
            onChanged();
            return true;
          }
          toast.error('Could not revoke', { description: result.error.message });
          onChanged();
          return false;
        }}
      />
    </>
  );
};
