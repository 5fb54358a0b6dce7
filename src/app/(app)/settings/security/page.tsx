// /settings/security – the active practice's security settings: every member sees them, owners and admins change them
import { ScrollTextIcon } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import type * as React from 'react';

import { requirePagePermission } from '@/components/app-shell/forbidden';
import { PageHeader } from '@/components/app-shell/page-header';
import { SecuritySettingsForm } from '@/components/features/practice-settings/security-settings-form';
import { Button } from '@/components/ui/button';
import { can } from '@/lib/auth/permissions';
import { getDatabase } from '@/lib/db/client';
import { getPracticeSettings } from '@/lib/domain/practices/get-practice-settings';

export const metadata: Metadata = { title: 'Security settings' };

const SecuritySettingsPage = async () => {
  const header = (actions?: React.ReactNode) => (
    <PageHeader
      title="Security"
      description="Policies that protect patient data in this practice. Changes are recorded in the audit log."
      actions={actions}
    />
  );
  // Every role may read its practice's settings; only writing needs more (checked below and by the API).
  const access = await requirePagePermission('practice.read', {
    title: 'No practice yet',
    description: 'Security settings belong to a practice. Ask a practice owner to invite you.',
  });
  if (!access.allowed) {
    return (
      <>
        {header()}
        {access.forbidden}
      </>
    );
  }
  const { membership, session } = access;
  const { security } = await getPracticeSettings({ database: await getDatabase(), actor: session, practiceId: membership.practiceId });
  return (
    <>
      {header(
        can(membership.role, 'audit.read') ? (
          <Button variant="outline" asChild>
            <Link href="/settings/audit">
              <ScrollTextIcon aria-hidden="true" />
              Audit log
            </Link>
          </Button>
        ) : undefined,
      )}
      <SecuritySettingsForm
        // A new practice (switcher) or a saved value starts the form afresh.
        key={`${membership.practiceId}:${security.idleTimeoutMinutes}`}
        practiceId={membership.practiceId}
        initial={security}
        canWrite={can(membership.role, 'practice.settings.write')}
      />
    </>
  );
};

export default SecuritySettingsPage;
