import { Building2Icon, MapPinIcon, ShieldCheckIcon, UsersIcon } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';

import { PageHeader } from '@/components/app-shell/page-header';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs';

export const metadata: Metadata = { title: 'Settings' };

export default function SettingsPage() {
  return (
    <>
      <PageHeader
        title="Settings"
        description="Configure your practice, its locations, your team and security policies."
      />
      <Tabs defaultValue="practice">
        <TabsList aria-label="Settings sections">
          <TabsTrigger value="practice">
            <Building2Icon aria-hidden="true" />
            Practice
          </TabsTrigger>
          <TabsTrigger value="locations">
            <MapPinIcon aria-hidden="true" />
            Locations
          </TabsTrigger>
          <TabsTrigger value="team">
            <UsersIcon aria-hidden="true" />
            Team
          </TabsTrigger>
          <TabsTrigger value="security">
            <ShieldCheckIcon aria-hidden="true" />
            Security
          </TabsTrigger>
        </TabsList>
        <TabsContent value="practice">
          <EmptyState
            icon={Building2Icon}
            title="Practice details are not set up"
            description="The practice's name, address, contact details, tax identifiers and default currency will be managed here."
          />
        </TabsContent>
        <TabsContent value="locations">
          <EmptyState
            icon={MapPinIcon}
            title="No locations yet"
            description="Each location has its own address, rooms and time zone; the schedule shows its appointments in that local time."
          />
        </TabsContent>
        <TabsContent value="team">
          <EmptyState
            icon={UsersIcon}
            title="No team members yet"
            description="Invite front desk staff, clinicians and billing staff, and give each a role that decides what they can see and do."
          />
        </TabsContent>
        <TabsContent value="security">
          <EmptyState
            icon={ShieldCheckIcon}
            title="Security settings are not available yet"
            description="Session timeouts and two-factor authentication requirements will be managed here. The audit log shows who did what, and when."
            action={
              <Button variant="outline" asChild>
                <Link href="/settings/audit">Open the audit log</Link>
              </Button>
            }
          />
        </TabsContent>
      </Tabs>
    </>
  );
}
