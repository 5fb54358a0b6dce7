// /settings/scheduling – the active practice's scheduling set-up: locations, rooms, providers, appointment types, hours and holidays
import type { Metadata } from 'next';

import { requirePagePermission } from '@/components/app-shell/forbidden';
import { PageHeader } from '@/components/app-shell/page-header';
import { ReminderSettingsForm } from '@/components/features/reminders/reminder-settings-form';
import { SchedulingSetupScreen } from '@/components/features/scheduling-setup/scheduling-setup-screen';
import { can } from '@/lib/auth/permissions';
import { getDatabase } from '@/lib/db/client';
import { getReminderSettings } from '@/lib/domain/reminders/get-reminder-settings';

export const metadata: Metadata = { title: 'Scheduling set-up' };

export default async function SchedulingSetupPage() {
  const access = await requirePagePermission('schedule.read', {
    title: 'The scheduling set-up is not available to your role',
    description:
      'Locations, providers and hours are shown to roles that work with the appointment calendar. If you hold such a role in another practice, switch to it in the top bar.',
  });
  return (
    <>
      <PageHeader
        title="Scheduling set-up"
        description="Locations, rooms, providers, appointment types, working hours, time off and holidays — also while offline."
      />
      {access.allowed ? (
        <div className="grid gap-6">
          <SchedulingSetupScreen
            // Another practice starts the screen afresh (open dialogs and filters belong to one practice).
            key={access.membership.practiceId}
            practiceId={access.membership.practiceId}
            canWrite={can(access.membership.role, 'practice.settings.write')}
          />
          <ReminderSettingsForm
            key={`reminders:${access.membership.practiceId}`}
            practiceId={access.membership.practiceId}
            initial={await getReminderSettings({ database: await getDatabase(), actor: access.session, practiceId: access.membership.practiceId })}
            canWrite={can(access.membership.role, 'practice.settings.write')}
          />
        </div>
      ) : (
        access.forbidden
      )}
    </>
  );
}
