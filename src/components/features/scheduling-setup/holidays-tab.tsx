'use client';

import { PartyPopperIcon, Trash2Icon } from 'lucide-react';
import * as React from 'react';

import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { ZSaveHoliday } from '@/lib/domain/scheduling/schemas';
import type { LocalHoliday } from '@/lib/local/scheduling-setup-query';

import { ConfirmDialog } from './confirm-dialog';
import { HolidayDialog } from './holiday-dialog';
import { pickArgs } from './setup-form-values';
import { localDateOf, locationName, splitPast } from './setup-labels';
import { ActionsHead, RowActions, SetupSection, ShowPastToggle } from './setup-section';
import { useSetupNames, useSetupRows } from './use-setup-rows';

/** Days the clinic is closed, at one location or all of them, upcoming first. */
export const HolidaysTab = ({ practiceId, canWrite }: { practiceId: string; canWrite: boolean }) => {
  const query = useSetupRows(practiceId, 'holidays');
  const { locations, locationNames } = useSetupNames(practiceId);
  const [showPast, setShowPast] = React.useState(false);
  const [editing, setEditing] = React.useState<{ holiday: LocalHoliday | null } | null>(null);
  const [removing, setRemoving] = React.useState<LocalHoliday | null>(null);
  const { shown, hidden } = splitPast(query.data ?? [], localDateOf(new Date()), showPast);
  return (
    <>
      <SetupSection
        title="Holidays"
        description="Days the clinic is closed. Nobody can be booked on a holiday at the locations it applies to."
        {...(canWrite ? { addLabel: 'Add holiday', onAdd: () => setEditing({ holiday: null }) } : {})}
        query={query}
        count={shown.length}
        toolbar={<ShowPastToggle checked={showPast} onCheckedChange={setShowPast} hidden={hidden} />}
        empty={{ icon: PartyPopperIcon, title: hidden > 0 ? 'No upcoming holidays' : 'No holidays yet', description: 'Add public holidays and other days the clinic is closed.' }}
      >
        <Table aria-label="Holidays">
          <TableHeader>
            <TableRow>
              <TableHead>Date</TableHead>
              <TableHead>Name</TableHead>
              <TableHead>Location</TableHead>
              {canWrite ? <ActionsHead /> : null}
            </TableRow>
          </TableHeader>
          <TableBody>
            {shown.map((holiday) => (
              <TableRow key={holiday.id} data-testid="holiday-row">
                <TableCell className="font-medium tabular-nums">{holiday.date}</TableCell>
                <TableCell>{holiday.name}</TableCell>
                <TableCell>{locationName(locationNames, holiday.locationId)}</TableCell>
                {canWrite ? (
                  <RowActions
                    name={`${holiday.name} (${holiday.date})`}
                    onEdit={() => setEditing({ holiday })}
                    actions={[{ label: 'Remove', icon: Trash2Icon, destructive: true, confirms: true, onClick: () => setRemoving(holiday) }]}
                  />
                ) : null}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </SetupSection>
      {canWrite && editing !== null ? (
        <HolidayDialog
          key={editing.holiday?.id ?? 'new'}
          practiceId={practiceId}
          holiday={editing.holiday}
          locations={locations}
          onOpenChange={(open) => {
            if (!open) {
              setEditing(null);
            }
          }}
        />
      ) : null}
      {canWrite && removing !== null ? (
        <ConfirmDialog
          key={removing.id}
          title={`Remove ${removing.name} (${removing.date})?`}
          description="The clinic is open on that date again, with each provider's usual hours."
          confirmLabel="Remove holiday"
          changes={[{ name: 'holidays.save', args: { ...pickArgs(ZSaveHoliday, removing), removed: true } }]}
          done="Holiday removed"
          onOpenChange={(open) => {
            if (!open) {
              setRemoving(null);
            }
          }}
        />
      ) : null}
    </>
  );
};
