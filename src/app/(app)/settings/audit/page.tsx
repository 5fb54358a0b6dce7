// /settings/audit – the practice's audit log for owners, admins and auditors
import { ScrollTextIcon } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/app-shell/page-header';
import { AuditViewer } from '@/components/features/audit/audit-viewer';
import { EmptyState } from '@/components/ui/empty-state';
import { getPageSession } from '@/lib/auth/page-session';
import { can } from '@/lib/auth/permissions';

export const metadata: Metadata = { title: 'Audit log' };

const AuditPage = async ({ searchParams }: { searchParams: Promise<{ practice?: string }> }) => {
  const session = await getPageSession();
  const readable = (session?.memberships ?? []).filter((m) => can(m.role, 'audit.read'));
  const { practice: requested } = await searchParams;
  // Until the practice switcher keeps an active practice, the first practice whose log the
  // member may read is shown; `?practice=` picks another of theirs.
  const current = readable.find((m) => m.practiceId === requested) ?? readable[0];
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Who signed in, viewed, changed or exported what, and when. Entries are chained by hashes, so a changed or removed entry is detected."
      />
      {session === null ? (
        <EmptyState
          icon={ScrollTextIcon}
          title="Sign in to see the audit log"
          description="The audit log is available to owners, administrators and auditors."
          action={
            <Link className="text-sm font-medium text-primary underline-offset-4 hover:underline" href="/sign-in">
              Sign in
            </Link>
          }
        />
      ) : current === undefined ? (
        <EmptyState
          icon={ScrollTextIcon}
          title="No audit log for your role"
          description="The audit log is available to owners, administrators and auditors of a practice."
        />
      ) : (
        <AuditViewer practiceId={current.practiceId} canExport={can(current.role, 'audit.export')} />
      )}
    </>
  );
};

export default AuditPage;
