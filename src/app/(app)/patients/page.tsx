import { UsersIcon } from 'lucide-react';
import type { Metadata } from 'next';

import { PageHeader } from '@/components/app-shell/page-header';
import { EmptyState } from '@/components/ui/empty-state';

export const metadata: Metadata = { title: 'Patients' };

export default function PatientsPage() {
  return (
    <>
      <PageHeader title="Patients" description="Find a patient, register a new one and open their chart." />
      <EmptyState
        icon={UsersIcon}
        title="No patient records on this device"
        description="Your practice's patients appear here after sign-in and the first sync. You will be able to search them by name, date of birth or medical record number, even while offline."
      />
    </>
  );
}
