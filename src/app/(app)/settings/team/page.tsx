// /settings/team – the active practice's staff: roles, deactivation and invitations
import type { Metadata } from 'next';

import { PageHeader } from '@/components/app-shell/page-header';
import { requirePagePermission } from '@/components/app-shell/forbidden';
import { TeamManager } from '@/components/features/members/team-manager';
import { getDatabase } from '@/lib/db/client';
import { listMemberPractices } from '@/lib/domain/practices/list-member-practices';

export const metadata: Metadata = { title: 'Team' };

const TeamPage = async () => {
  // The active practice is the one the switcher shows (requirePagePermission reads it).
  const access = await requirePagePermission('members.read', {
    title: 'The staff list is not available',
    description: 'You are not an active member of a practice. Ask an owner or administrator of your practice to invite you.',
  });
  if (!access.allowed) {
    return (
      <>
        <PageHeader title="Team" description="The staff of your practice and their roles." />
        {access.forbidden}
      </>
    );
  }
  const { session, membership } = access;
  const practices = await listMemberPractices({ database: await getDatabase(), actor: session });
  const practiceName = practices.find((practice) => practice.id === membership.practiceId)?.name ?? 'this practice';
  return (
    <>
      <PageHeader title="Team" description={`The staff of ${practiceName}, their roles, and the people invited to join.`} />
      <TeamManager practiceId={membership.practiceId} practiceName={practiceName} role={membership.role} currentUserId={session.userId} />
    </>
  );
};

export default TeamPage;
