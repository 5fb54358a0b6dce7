'use client';

import { EyeIcon } from 'lucide-react';

import { useLocalData } from '@/components/local-data/local-data-context';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs';

import { AppointmentTypesTab } from './appointment-types-tab';
import { ExceptionsTab } from './exceptions-tab';
import { HolidaysTab } from './holidays-tab';
import { LocationsTab } from './locations-tab';
import { ProvidersTab } from './providers-tab';
import { RoomsTab } from './rooms-tab';
import { WorkingHoursTab } from './working-hours-tab';

type TabProps = { practiceId: string; canWrite: boolean };

// In the order a practice sets itself up: places, rooms, people, what is booked, then time.
const TABS: readonly { value: string; label: string; Panel: (props: TabProps) => React.ReactNode }[] = [
  { value: 'locations', label: 'Locations', Panel: LocationsTab },
  { value: 'rooms', label: 'Rooms', Panel: RoomsTab },
  { value: 'providers', label: 'Providers', Panel: ProvidersTab },
  { value: 'appointment-types', label: 'Appointment types', Panel: AppointmentTypesTab },
  { value: 'working-hours', label: 'Working hours', Panel: WorkingHoursTab },
  { value: 'exceptions', label: 'Time off & extra hours', Panel: ExceptionsTab },
  { value: 'holidays', label: 'Holidays', Panel: HolidaysTab },
];

/**
 * The scheduling set-up of the active practice (issue #7 §1), read from and written to this
 * device's database: everything works offline except choosing a provider's team member. People
 * who may not change the set-up see it read-only.
 */
export const SchedulingSetupScreen = ({ practiceId, canWrite }: TabProps) => {
  const { state } = useLocalData();
  if (state.kind === 'revoked' || state.kind === 'failed') {
    // LocalDataNotice above the page says why.
    return null;
  }
  return (
    <div className="grid gap-4">
      {canWrite ? null : (
        <p className="flex items-center gap-2 text-sm text-muted-foreground">
          <EyeIcon className="size-4 shrink-0" aria-hidden="true" />
          You can look at how scheduling is set up. Owners and administrators make changes.
        </p>
      )}
      <Tabs defaultValue="locations">
        <TabsList aria-label="Scheduling set-up sections">
          {TABS.map((tab) => (
            <TabsTrigger key={tab.value} value={tab.value}>
              {tab.label}
            </TabsTrigger>
          ))}
        </TabsList>
        {TABS.map(({ value, Panel }) => (
          <TabsContent key={value} value={value}>
            <Panel practiceId={practiceId} canWrite={canWrite} />
          </TabsContent>
        ))}
      </Tabs>
    </div>
  );
};
