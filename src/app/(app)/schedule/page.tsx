import { CalendarDaysIcon } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';

import { PageHeader } from '@/components/app-shell/page-header';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';

export const metadata: Metadata = { title: 'Schedule' };

export default function SchedulePage() {
  return (
    <>
      <PageHeader
        title="Schedule"
        description="Appointments by provider, room and location, shown in each location's local time."
      />
      <EmptyState
        icon={CalendarDaysIcon}
        title="No appointments to show"
        description="Once your practice, its locations and providers are set up, each day's appointments appear here. Bookings made while offline are kept on this device and synced when the connection returns."
        action={
          <Button asChild variant="outline">
            <Link href="/settings">Go to settings</Link>
          </Button>
        }
      />
    </>
  );
}
