'use client';

import { ArchiveIcon, ArchiveRestoreIcon, DoorOpenIcon } from 'lucide-react';
import * as React from 'react';

import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { ZSaveRoom } from '@/lib/domain/scheduling/schemas';
import type { LocalRoom } from '@/lib/local/scheduling-setup-query';

import { ConfirmDialog, useSetupChange } from './confirm-dialog';
import { RoomDialog } from './room-dialog';
import { pickArgs } from './setup-form-values';
import { locationName } from './setup-labels';
import { ActionsHead, RetiredBadge, RowActions, SetupSection } from './setup-section';
import { useSetupNames, useSetupRows } from './use-setup-rows';

const activeArgs = (room: LocalRoom, active: boolean) => ({ name: 'rooms.save', args: { ...pickArgs(ZSaveRoom, room), active } });

/** The practice's rooms by location; a room is retired rather than deleted, since appointments keep pointing at it. */
export const RoomsTab = ({ practiceId, canWrite }: { practiceId: string; canWrite: boolean }) => {
  const query = useSetupRows(practiceId, 'rooms');
  const { locations, locationNames } = useSetupNames(practiceId);
  const change = useSetupChange();
  const [editing, setEditing] = React.useState<{ room: LocalRoom | null } | null>(null);
  const [retiring, setRetiring] = React.useState<LocalRoom | null>(null);
  const rooms = query.data ?? [];
  return (
    <>
      <SetupSection
        title="Rooms"
        description="The rooms at each location. A retired room is kept for past appointments but no longer offered for booking."
        {...(canWrite ? { addLabel: 'Add room', onAdd: () => setEditing({ room: null }), addBlockedReason: locations.length === 0 ? 'Add a location first.' : null } : {})}
        query={query}
        count={rooms.length}
        empty={{ icon: DoorOpenIcon, title: 'No rooms yet', description: 'Add the rooms patients are seen in, so that appointment types that need a room can be booked.' }}
      >
        <Table aria-label="Rooms">
          <TableHeader>
            <TableRow>
              <TableHead>Name</TableHead>
              <TableHead>Location</TableHead>
              {canWrite ? <ActionsHead /> : null}
            </TableRow>
          </TableHeader>
          <TableBody>
            {rooms.map((room) => (
              <TableRow key={room.id} data-testid="room-row" className={room.active ? undefined : 'text-muted-foreground'}>
                <TableCell className="font-medium">
                  {room.name}
                  <RetiredBadge active={room.active} />
                </TableCell>
                <TableCell>{locationName(locationNames, room.locationId)}</TableCell>
                {canWrite ? (
                  <RowActions
                    name={room.name}
                    onEdit={() => setEditing({ room })}
                    actions={[
                      room.active
                        ? { label: 'Retire', icon: ArchiveIcon, destructive: true, confirms: true, onClick: () => setRetiring(room) }
                        : { label: 'Restore', icon: ArchiveRestoreIcon, onClick: () => void change([activeArgs(room, true)], 'Room restored') },
                    ]}
                  />
                ) : null}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </SetupSection>
      {canWrite && editing !== null ? (
        <RoomDialog
          key={editing.room?.id ?? 'new'}
          practiceId={practiceId}
          room={editing.room}
          locations={locations}
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
          description="The room stays on past and already booked appointments, but is no longer offered for new bookings. You can restore it later."
          confirmLabel="Retire room"
          changes={[activeArgs(retiring, false)]}
          done="Room retired"
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
