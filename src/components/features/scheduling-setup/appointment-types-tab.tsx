'use client';

import { ArchiveIcon, ArchiveRestoreIcon, ClipboardListIcon } from 'lucide-react';
import * as React from 'react';

import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { ZSaveAppointmentType } from '@/lib/domain/scheduling/schemas';
import type { LocalAppointmentType } from '@/lib/local/scheduling-setup-query';

import { AppointmentTypeDialog } from './appointment-type-dialog';
import { ColourSwatch } from './colour-field';
import { nextPaletteColour } from './colours';
import { ConfirmDialog, useSetupChange } from './confirm-dialog';
import { pickArgs } from './setup-form-values';
import { buffersLabel, minutesLabel } from './setup-labels';
import { ActionsHead, RetiredBadge, RowActions, SetupSection } from './setup-section';
import { useSetupRows } from './use-setup-rows';

const activeArgs = (type: LocalAppointmentType, active: boolean) => ({ name: 'appointmentTypes.save', args: { ...pickArgs(ZSaveAppointmentType, type), active } });

/** The kinds of appointment the practice books, with length, colour, room and buffers. */
export const AppointmentTypesTab = ({ practiceId, canWrite }: { practiceId: string; canWrite: boolean }) => {
  const query = useSetupRows(practiceId, 'appointment_types');
  const change = useSetupChange();
  const [editing, setEditing] = React.useState<{ type: LocalAppointmentType | null } | null>(null);
  const [retiring, setRetiring] = React.useState<LocalAppointmentType | null>(null);
  const types = query.data ?? [];
  return (
    <>
      <SetupSection
        title="Appointment types"
        description="What can be booked, how long it takes and whether it needs a room. Buffers keep time free before or after."
        {...(canWrite ? { addLabel: 'Add appointment type', onAdd: () => setEditing({ type: null }) } : {})}
        query={query}
        count={types.length}
        empty={{ icon: ClipboardListIcon, title: 'No appointment types yet', description: 'Add what patients are booked for, e.g. a new patient visit or a follow-up.' }}
      >
        <Table aria-label="Appointment types">
          <TableHeader>
            <TableRow>
              <TableHead>Name</TableHead>
              <TableHead>Length</TableHead>
              <TableHead>Colour</TableHead>
              <TableHead>Room</TableHead>
              <TableHead>Buffers</TableHead>
              {canWrite ? <ActionsHead /> : null}
            </TableRow>
          </TableHeader>
          <TableBody>
            {types.map((type) => (
              <TableRow key={type.id} data-testid="appointment-type-row" className={type.active ? undefined : 'text-muted-foreground'}>
                <TableCell className="font-medium">
                  {type.name}
                  <RetiredBadge active={type.active} />
                </TableCell>
                <TableCell className="tabular-nums">{minutesLabel(type.durationMinutes)}</TableCell>
                <TableCell>
                  <ColourSwatch hex={type.colour} withName />
                </TableCell>
                <TableCell>{type.needsRoom ? 'Needs a room' : 'No room'}</TableCell>
                <TableCell>{buffersLabel(type.bufferBeforeMinutes, type.bufferAfterMinutes)}</TableCell>
                {canWrite ? (
                  <RowActions
                    name={type.name}
                    onEdit={() => setEditing({ type })}
                    actions={[
                      type.active
                        ? { label: 'Retire', icon: ArchiveIcon, destructive: true, confirms: true, onClick: () => setRetiring(type) }
                        : { label: 'Restore', icon: ArchiveRestoreIcon, onClick: () => void change([activeArgs(type, true)], 'Appointment type restored') },
                    ]}
                  />
                ) : null}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </SetupSection>
      {canWrite && editing !== null ? (
        <AppointmentTypeDialog
          key={editing.type?.id ?? 'new'}
          practiceId={practiceId}
          type={editing.type}
          defaultColour={nextPaletteColour(types.map((type) => type.colour))}
          onOpenChange={(open) => {
            if (!open) {
              setEditing(null);
            }
          }}
        />
      ) : null}
      {canWrite && retiring !== null ? (
        <ConfirmDialog
          key={retiring.id}
          title={`Retire ${retiring.name}?`}
          description="Appointments of this type stay as they are, but it is no longer offered for new bookings. You can restore it later."
          confirmLabel="Retire appointment type"
          changes={[activeArgs(retiring, false)]}
          done="Appointment type retired"
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
