// /settings/audit – the active practice's audit log for owners, admins and auditors
import type { Metadata } from 'next';

import { requirePagePermission } from '@/components/app-shell/forbidden';
import { PageHeader } from '@/components/app-shell/page-header';
import { AuditViewer } from '@/components/features/audit/audit-viewer';
import { can } from '@/lib/auth/permissions';

export const metadata: Metadata = { title: 'Audit log' };

// The log shown is the active practice's, the one the top bar names; the practice switcher is the
// one way to pick another (the former `?practice=` parameter could show one practice's log under
// another's name in the top bar).
const AuditPage = async () => {
  const access = await requirePagePermission('audit.read', {
    title: 'No audit log for your role',
    description:
      'The audit log is available to owners, administrators and auditors. If you hold one of these roles in another practice, switch to it in the top bar.',
  });
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Who signed in, viewed, changed or exported what, and when. Entries are chained by hashes, so a changed or removed entry is detected."
      />
      {access.allowed ? (
        <AuditViewer
          // A switch of practice starts the viewer afresh (filters and loaded pages belong to one log).
          key={access.membership.practiceId}
          practiceId={access.membership.practiceId}
          canExport={can(access.membership.role, 'audit.export')}
        />
      ) : (
        access.forbidden
      )}
    </>
  );
};

export default AuditPage;
