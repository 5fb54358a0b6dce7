// /schedule – the calendar and today board of the active practice, read from and written to this device's database
import type { Metadata } from 'next';

import { requirePagePermission } from '@/components/app-shell/forbidden';
import { PageHeader } from '@/components/app-shell/page-header';
import { ScheduleScreen } from '@/components/features/schedule/schedule-screen';
import { can } from '@/lib/auth/permissions';

export const metadata: Metadata = { title: 'Schedule' };

export default async function SchedulePage() {
  const access = await requirePagePermission('schedule.read', {
    title: 'No schedule for your role',
    description: 'The calendar is available to roles that book or see patients. If you hold such a role in another practice, switch to it in the top bar.',
  });
  return (
    <>
      <PageHeader title="Schedule" description="Appointments by provider in each location's local time — book, move and check in, also while offline." />
      {access.allowed ? (
        <ScheduleScreen
          // Another practice starts the screen afresh (its locations, providers and dates).
          key={access.membership.practiceId}
          practiceId={access.membership.practiceId}
          canWrite={can(access.membership.role, 'schedule.write')}
        />
      ) : (
        access.forbidden
      )}
    </>
  );
}
