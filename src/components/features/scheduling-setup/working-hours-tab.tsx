'use client';

import { ClockIcon, Trash2Icon } from 'lucide-react';
import * as React from 'react';

import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';

import { ConfirmDialog } from './confirm-dialog';
import { locationName, validityLabel } from './setup-labels';
import { ActionsHead, RowActions, SetupSection } from './setup-section';
import { useSetupNames, useSetupRows } from './use-setup-rows';
import { WorkingWeekDialog } from './working-week-dialog';
import { groupWorkingHours, removalArgs, sortWeeks, weekSummary, type WorkingWeek } from './working-week';

/** Each provider's regular weekly hours per location (and period), as a summary per week. */
export const WorkingHoursTab = ({ practiceId, canWrite }: { practiceId: string; canWrite: boolean }) => {
  const query = useSetupRows(practiceId, 'working_hours');
  const { locations, providers, locationNames, providerNames } = useSetupNames(practiceId);
  const weeks = React.useMemo(() => sortWeeks(groupWorkingHours(query.data ?? []), providerNames, locationNames), [query.data, providerNames, locationNames]);
  const [editing, setEditing] = React.useState<{ week: WorkingWeek | null } | null>(null);
  const [removing, setRemoving] = React.useState<WorkingWeek | null>(null);
  const blocked = providers.every((provider) => !provider.active) ? 'Add a provider first.' : locations.length === 0 ? 'Add a location first.' : null;
  const title = (week: WorkingWeek) => `${providerNames.get(week.providerId) ?? 'Unknown provider'} at ${locationName(locationNames, week.locationId)}`;
  return (
    <>
      <SetupSection
        title="Working hours"
        description="When each provider sees patients, per location and weekday. Bookings outside these hours need a reason."
        {...(canWrite ? { addLabel: 'Add working hours', onAdd: () => setEditing({ week: null }), addBlockedReason: blocked } : {})}
        query={query}
        count={weeks.length}
        empty={{ icon: ClockIcon, title: 'No working hours yet', description: "Set each provider's weekly hours at each location where they see patients." }}
      >
        <Table aria-label="Working hours">
          <TableHeader>
            <TableRow>
              <TableHead>Provider</TableHead>
              <TableHead>Location</TableHead>
              <TableHead>In effect</TableHead>
              <TableHead>Weekly hours</TableHead>
              {canWrite ? <ActionsHead /> : null}
            </TableRow>
          </TableHeader>
          <TableBody>
            {weeks.map((week) => (
              <TableRow key={week.key} data-testid="working-hours-row" className="align-top">
                <TableCell className="font-medium">{providerNames.get(week.providerId) ?? 'Unknown provider'}</TableCell>
                <TableCell>{locationName(locationNames, week.locationId)}</TableCell>
                <TableCell>{validityLabel(week.validFrom, week.validUntil)}</TableCell>
                <TableCell>
                  <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 tabular-nums">
                    {weekSummary(week).map((day) => (
                      <React.Fragment key={day.day}>
                        <dt>
                          <abbr title={day.day} className="no-underline">
                            {day.short}
                          </abbr>
                        </dt>
                        <dd>{day.hours}</dd>
                      </React.Fragment>
                    ))}
                  </dl>
                </TableCell>
                {canWrite ? (
                  <RowActions
                    name={title(week)}
                    onEdit={() => setEditing({ week })}
                    actions={[{ label: 'Remove', icon: Trash2Icon, destructive: true, confirms: true, onClick: () => setRemoving(week) }]}
                  />
                ) : null}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </SetupSection>
      {canWrite && editing !== null ? (
        <WorkingWeekDialog
          key={editing.week?.key ?? 'new'}
          practiceId={practiceId}
          week={editing.week}
          weekKeys={weeks.map((week) => week.key)}
          providers={providers}
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
          key={removing.key}
          title={`Remove the hours of ${title(removing)}?`}
          description={`Every range of these weekly hours (${validityLabel(removing.validFrom, removing.validUntil).toLowerCase()}) is removed. Booked appointments stay; new ones at these times will need a reason.`}
          confirmLabel="Remove working hours"
          changes={removing.rows.map((row) => ({ name: 'workingHours.save', args: removalArgs(practiceId, row) }))}
          done="Working hours removed"
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
