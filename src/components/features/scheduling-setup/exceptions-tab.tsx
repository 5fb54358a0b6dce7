'use client';

import { CalendarOffIcon, Trash2Icon } from 'lucide-react';
import * as React from 'react';

import { Badge } from '@/components/ui/badge';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { ZSaveScheduleException } from '@/lib/domain/scheduling/schemas';
import type { LocalScheduleException } from '@/lib/local/scheduling-setup-query';

import { ConfirmDialog } from './confirm-dialog';
import { ExceptionDialog } from './exception-dialog';
import { pickArgs } from './setup-form-values';
import { exceptionKindLabel, exceptionTimeLabel, localDateOf, locationName, splitPast } from './setup-labels';
import { ActionsHead, RowActions, SetupSection, ShowPastToggle } from './setup-section';
import { useSetupNames, useSetupRows } from './use-setup-rows';

/** Dates on which a provider's hours differ: time off and extra hours, upcoming first. */
export const ExceptionsTab = ({ practiceId, canWrite }: { practiceId: string; canWrite: boolean }) => {
  const query = useSetupRows(practiceId, 'schedule_exceptions');
  const { locations, providers, locationNames, providerNames } = useSetupNames(practiceId);
  const [showPast, setShowPast] = React.useState(false);
  const [editing, setEditing] = React.useState<{ exception: LocalScheduleException | null } | null>(null);
  const [removing, setRemoving] = React.useState<LocalScheduleException | null>(null);
  const { shown, hidden } = splitPast(query.data ?? [], localDateOf(new Date()), showPast);
  const describe = (exception: LocalScheduleException) =>
    `${exceptionKindLabel(exception.kind)} for ${providerNames.get(exception.providerId) ?? 'unknown provider'} on ${exception.date}`;
  return (
    <>
      <SetupSection
        title="Time off & extra hours"
        description="A day or part of a day a provider is away, or works outside their weekly hours. Holidays of the whole clinic go under Holidays."
        {...(canWrite
          ? { addLabel: 'Add time off or extra hours', onAdd: () => setEditing({ exception: null }), addBlockedReason: providers.some((provider) => provider.active) ? null : 'Add a provider first.' }
          : {})}
        query={query}
        count={shown.length}
        toolbar={<ShowPastToggle checked={showPast} onCheckedChange={setShowPast} hidden={hidden} />}
        empty={{ icon: CalendarOffIcon, title: hidden > 0 ? 'Nothing upcoming' : 'No time off or extra hours yet', description: 'Record leave, training days or an extra evening clinic here.' }}
      >
        <Table aria-label="Time off and extra hours">
          <TableHeader>
            <TableRow>
              <TableHead>Date</TableHead>
              <TableHead>Provider</TableHead>
              <TableHead>Location</TableHead>
              <TableHead>Kind</TableHead>
              <TableHead>Hours</TableHead>
              <TableHead>Note</TableHead>
              {canWrite ? <ActionsHead /> : null}
            </TableRow>
          </TableHeader>
          <TableBody>
            {shown.map((exception) => (
              <TableRow key={exception.id} data-testid="exception-row">
                <TableCell className="font-medium tabular-nums">{exception.date}</TableCell>
                <TableCell>{providerNames.get(exception.providerId) ?? 'Unknown provider'}</TableCell>
                <TableCell>{locationName(locationNames, exception.locationId)}</TableCell>
                <TableCell>
                  <Badge variant={exception.kind === 'time_off' ? 'warning' : 'info'}>{exceptionKindLabel(exception.kind)}</Badge>
                </TableCell>
                <TableCell className="tabular-nums">{exceptionTimeLabel(exception.startTime, exception.endTime)}</TableCell>
                <TableCell className="max-w-xs truncate" title={exception.note ?? undefined}>
                  {exception.note ?? '—'}
                </TableCell>
                {canWrite ? (
                  <RowActions
                    name={describe(exception)}
                    onEdit={() => setEditing({ exception })}
                    actions={[{ label: 'Remove', icon: Trash2Icon, destructive: true, confirms: true, onClick: () => setRemoving(exception) }]}
                  />
                ) : null}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </SetupSection>
      {canWrite && editing !== null ? (
        <ExceptionDialog
          key={editing.exception?.id ?? 'new'}
          practiceId={practiceId}
          exception={editing.exception}
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
          key={removing.id}
          title={`Remove ${describe(removing)}?`}
          description="The provider's weekly hours apply on that date again."
          confirmLabel="Remove"
          changes={[{ name: 'scheduleExceptions.save', args: { ...pickArgs(ZSaveScheduleException, removing), removed: true } }]}
          done="Removed"
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
