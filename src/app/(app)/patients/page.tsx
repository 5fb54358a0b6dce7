// /patients – the active practice's patients, read from and written to this device's database
import type { Metadata } from 'next';

import { requirePagePermission } from '@/components/app-shell/forbidden';
import { PageHeader } from '@/components/app-shell/page-header';
import { PatientsScreen } from '@/components/features/patients/patients-screen';
import { can } from '@/lib/auth/permissions';

export const metadata: Metadata = { title: 'Patients' };

export default async function PatientsPage() {
  const access = await requirePagePermission('patients.read', {
    title: 'No patient records for your role',
    description:
      'Patient demographics are available to roles that care for or register patients. If you hold such a role in another practice, switch to it in the top bar.',
  });
  return (
    <>
      <PageHeader title="Patients" description="Find a patient, register a new one and update their details — also while offline." />
      {access.allowed ? (
        <PatientsScreen
          // Another practice starts the screen afresh (search and paging belong to one list).
          key={access.membership.practiceId}
          practiceId={access.membership.practiceId}
          canWrite={can(access.membership.role, 'patients.write')}
        />
      ) : (
        access.forbidden
      )}
    </>
  );
}
