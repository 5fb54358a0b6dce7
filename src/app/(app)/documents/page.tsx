import { FileTextIcon } from 'lucide-react';
import type { Metadata } from 'next';

import { PageHeader } from '@/components/app-shell/page-header';
import { EmptyState } from '@/components/ui/empty-state';

export const metadata: Metadata = { title: 'Documents' };

export default function DocumentsPage() {
  return (
    <>
      <PageHeader title="Documents" description="Referral letters, consent forms, lab results and scanned files." />
      <EmptyState
        icon={FileTextIcon}
        title="No documents yet"
        description="Documents uploaded or generated for your patients appear here. Every file is encrypted before it is stored."
      />
    </>
  );
}
