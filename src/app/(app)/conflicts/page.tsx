// /conflicts – the active practice's conflict inbox, read from and resolved on this device's database
import type { Metadata } from 'next';

import { requirePagePermission } from '@/components/app-shell/forbidden';
import { PageHeader } from '@/components/app-shell/page-header';
import { ConflictsScreen } from '@/components/features/conflicts/conflicts-screen';
import { can } from '@/lib/auth/permissions';

export const metadata: Metadata = { title: 'Conflicts' };

export default async function ConflictsPage() {
  // Conflicts are about patients for now, and sync only to those who may read them.
  const access = await requirePagePermission('patients.read', {
    title: 'No conflicts for your role',
    description: 'Conflicts are about patient records, which your role in this practice does not include. If you hold such a role in another practice, switch to it in the top bar.',
  });
  return (
    <>
      <PageHeader
        title="Conflicts"
        description="Changes that could not be merged on their own: compare both versions field by field and decide — also while offline."
      />
      {access.allowed ? (
        <ConflictsScreen
          // Another practice starts the screen afresh (an open dialog belongs to one practice).
          key={access.membership.practiceId}
          practiceId={access.membership.practiceId}
          // Resolving writes the patient, so it needs patients.write (the server checks it again).
          canWrite={can(access.membership.role, 'patients.write')}
        />
      ) : (
        access.forbidden
      )}
    </>
  );
}
