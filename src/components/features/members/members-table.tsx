'use client';

import { UserXIcon } from 'lucide-react';
import * as React from 'react';
import { toast } from 'sonner';

import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { ROLE_LABELS, ROLES, type TRole } from '@/lib/auth/permissions';
import { changeRole, deactivate, type TeamMember } from './api';
import { ConfirmDialog } from './confirm-dialog';

export type MemberControls = {
  /** Roles the signed-in member may give or take away; empty without `members.role.write`. */
  manageableRoles: readonly TRole[];
  canDeactivate: boolean;
};

const formatDate = (iso: string) => new Date(iso).toLocaleDateString(undefined, { dateStyle: 'medium' });

/** A member's role: a select when the signed-in member may change it, otherwise a label. */
const RoleCell = ({
  practiceId,
  member,
  controls,
  onChanged,
  isSelf,
}: {
  practiceId: string;
  member: TeamMember;
  controls: MemberControls;
  onChanged: () => void;
  /** One's own role is changed by another owner or admin (the server refuses it too). */
  isSelf: boolean;
}) => {
  const [busy, setBusy] = React.useState(false);
  const editable = !isSelf && member.status === 'active' && controls.manageableRoles.includes(member.role);
  if (!editable) {
    return <span>{ROLE_LABELS[member.role]}</span>;
  }
  const options = ROLES.filter((role) => controls.manageableRoles.includes(role));
  return (
    <Select
      value={member.role}
      disabled={busy}
      onValueChange={(value) => {
        const role = options.find((option) => option === value);
        if (role === undefined || role === member.role) {
          return;
        }
        setBusy(true);
        void changeRole(practiceId, member.userId, role).then((result) => {
          setBusy(false);
          if (result.ok) {
            toast.success('Role changed', { description: `${member.name} is now ${ROLE_LABELS[role]}.` });
          } else {
            toast.error('Could not change the role', { description: result.error.message });
          }
          onChanged();
        });
      }}
    >
      <SelectTrigger size="sm" className="w-36" aria-label={`Role of ${member.name}`}>
        <SelectValue />
      </SelectTrigger>
      <SelectContent>
        {options.map((role) => (
          <SelectItem key={role} value={role}>
            {ROLE_LABELS[role]}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
};

/** The practice's staff: name, email, role, status, member since; role and deactivate controls when allowed. */
export const MembersTable = ({
  practiceId,
  practiceName,
  currentUserId,
  members,
  controls,
  onChanged,
}: {
  practiceId: string;
  practiceName: string;
  currentUserId: string;
  members: readonly TeamMember[];
  controls: MemberControls;
  onChanged: () => void;
}) => {
  const [leaving, setLeaving] = React.useState<TeamMember | null>(null);
  const showActions = controls.canDeactivate;
  return (
    <>
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>Name</TableHead>
            <TableHead>Email</TableHead>
            <TableHead>Role</TableHead>
            <TableHead>Status</TableHead>
            <TableHead>Member since</TableHead>
            {showActions ? (
              <TableHead>
                <span className="sr-only">Actions</span>
              </TableHead>
            ) : null}
          </TableRow>
        </TableHeader>
        <TableBody>
          {members.map((member) => {
            const mayDeactivate =
              controls.canDeactivate &&
              member.status === 'active' &&
              member.userId !== currentUserId &&
              controls.manageableRoles.includes(member.role);
            return (
              <TableRow key={member.userId}>
                <TableCell className="font-medium">
                  {member.name}
                  {member.userId === currentUserId ? <span className="ml-2 text-xs text-muted-foreground">(you)</span> : null}
                </TableCell>
                <TableCell className="text-muted-foreground">{member.email}</TableCell>
                <TableCell>
                  <RoleCell practiceId={practiceId} member={member} controls={controls} onChanged={onChanged} isSelf={member.userId === currentUserId} />
                </TableCell>
                <TableCell>
                  {member.status === 'active' ? <Badge variant="success">Active</Badge> : <Badge variant="secondary">Deactivated</Badge>}
                </TableCell>
                <TableCell className="whitespace-nowrap text-muted-foreground">{formatDate(member.since)}</TableCell>
                {showActions ? (
                  <TableCell className="text-right">
                    {mayDeactivate ? (
                      <Button variant="ghost" size="sm" onClick={() => setLeaving(member)} aria-label={`Deactivate ${member.name}`}>
                        <UserXIcon aria-hidden="true" />
                        Deactivate
                      </Button>
                    ) : null}
                  </TableCell>
                ) : null}
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      <ConfirmDialog
        open={leaving !== null}
        onOpenChange={(open) => {
          if (!open) {
            setLeaving(null);
          }
        }}
        title={`Deactivate ${leaving?.name ?? 'member'}?`}
        description={
          <>
            <p>
              They are signed out at once, on every device, and can no longer open {practiceName}. Their name stays on everything
              they did.
            </p>
            <p>You can invite them again later.</p>
          </>
        }
        confirmLabel="Deactivate"
        onConfirm={async () => {
          if (leaving === null) {
            return true;
          }
          const result = await deactivate(practiceId, leaving.userId);
          if (result.ok) {
            toast.success('Member deactivated', { description: `${leaving.name} was signed out everywhere.` });
            onChanged();
            return true;
          }
          toast.error('Could not deactivate', { description: result.error.message });
          return false;
        }}
      />
    </>
  );
};
