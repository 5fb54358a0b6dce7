'use client';

import { ArchiveIcon, ArchiveRestoreIcon, CalendarSyncIcon, StethoscopeIcon } from 'lucide-react';
import * as React from 'react';

import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { ZSaveProvider } from '@/lib/domain/scheduling/schemas';
import type { LocalProvider } from '@/lib/local/scheduling-setup-query';

import { CalendarFeedDialog } from '../reminders/calendar-feed-dialog';
import { ColourSwatch } from './colour-field';
import { nextPaletteColour } from './colours';
import { ConfirmDialog, useSetupChange } from './confirm-dialog';
import { memberNames } from './provider-candidates';
import { ProviderDialog } from './provider-dialog';
import { pickArgs } from './setup-form-values';
import { ActionsHead, RetiredBadge, RowActions, SetupSection } from './setup-section';
import { usePracticeMembers } from './use-practice-members';
import { useSetupRows } from './use-setup-rows';

const activeArgs = (provider: LocalProvider, active: boolean) => ({ name: 'providers.save', args: { ...pickArgs(ZSaveProvider, provider), active } });

/** The practice's providers: the members who have a calendar, with its name and colour. */
export const ProvidersTab = ({ practiceId, canWrite }: { practiceId: string; canWrite: boolean }) => {
  const query = useSetupRows(practiceId, 'providers');
  const members = usePracticeMembers(practiceId);
  const names = React.useMemo(() => memberNames(members.data ?? []), [members.data]);
  const change = useSetupChange();
  const [editing, setEditing] = React.useState<{ provider: LocalProvider | null } | null>(null);
  const [retiring, setRetiring] = React.useState<LocalProvider | null>(null);
  const [feedFor, setFeedFor] = React.useState<LocalProvider | null>(null);
  const providers = query.data ?? [];
  return (
    <>
      <SetupSection
        title="Providers"
        description="Members with the Provider or Owner role who see patients, each with a calendar. Choosing the team member needs the network; names and colours can be changed offline."
        {...(canWrite ? { addLabel: 'Add provider', onAdd: () => setEditing({ provider: null }) } : {})}
        query={query}
        count={providers.length}
        empty={{ icon: StethoscopeIcon, title: 'No providers yet', description: 'Give the clinicians of this practice a calendar, so that patients can be booked with them.' }}
      >
        <Table aria-label="Providers">
          <TableHeader>
            <TableRow>
              <TableHead>Name on the calendar</TableHead>
              <TableHead>Colour</TableHead>
              <TableHead>Team member</TableHead>
              {canWrite ? <ActionsHead /> : null}
            </TableRow>
          </TableHeader>
          <TableBody>
            {providers.map((provider) => (
              <TableRow key={provider.id} data-testid="provider-row" className={provider.active ? undefined : 'text-muted-foreground'}>
                <TableCell className="font-medium">
                  {provider.displayName}
                  <RetiredBadge active={provider.active} />
                </TableCell>
                <TableCell>
                  <ColourSwatch hex={provider.colour} withName />
                </TableCell>
                <TableCell>{names.get(provider.userId.toLowerCase()) ?? (members.online ? '—' : 'Shown when online')}</TableCell>
                {canWrite ? (
                  <RowActions
                    name={provider.displayName}
                    onEdit={() => setEditing({ provider })}
                    actions={[
                      provider.active
                        ? { label: 'Retire', icon: ArchiveIcon, destructive: true, confirms: true, onClick: () => setRetiring(provider) }
                        : { label: 'Restore', icon: ArchiveRestoreIcon, onClick: () => void change([activeArgs(provider, true)], 'Provider restored') },
                      // A subscription for the provider's own calendar app (online: the server makes the secret).
                      { label: 'Calendar link', icon: CalendarSyncIcon, confirms: true, onClick: () => setFeedFor(provider) },
                    ]}
                  />
                ) : null}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </SetupSection>
      {canWrite && editing !== null ? (
        <ProviderDialog
          key={editing.provider?.id ?? 'new'}
          practiceId={practiceId}
          provider={editing.provider}
          providers={providers}
          defaultColour={nextPaletteColour(providers.map((provider) => provider.colour))}
          onOpenChange={(open) => {
            if (!open) {
              setEditing(null);
            }
          }}
        />
      ) : null}
      {canWrite && feedFor !== null ? (
        <CalendarFeedDialog
          key={feedFor.id}
          practiceId={practiceId}
          providerId={feedFor.id}
          providerName={feedFor.displayName}
          onOpenChange={(open) => {
            if (!open) {
              setFeedFor(null);
            }
          }}
        />
      ) : null}
      {canWrite && retiring !== null ? (
        <ConfirmDialog
          key={retiring.id}
          title={`Retire ${retiring.displayName}?`}
          description="Their calendar is kept with its appointments, but no new appointments can be booked with them. You can restore them later."
          confirmLabel="Retire provider"
          changes={[activeArgs(retiring, false)]}
          done="Provider retired"
          onOpenChange={(open) => {
            if (!open) {
              setRetiring(null);
            }
          }}
        />
      ) : null}
    </>
  );
};
