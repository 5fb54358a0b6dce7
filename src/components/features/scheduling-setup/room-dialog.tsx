'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';

import { useMutate } from '@/components/local-data/use-mutate';
import { ZSaveRoom, type TSaveRoom } from '@/lib/domain/scheduling/schemas';
import type { LocalLocation, LocalRoom } from '@/lib/local/scheduling-setup-query';

import { withChoiceMessages } from './form-errors';
import { SelectField, TextField } from './form-fields';
import { roomFormValues, type TRoomForm } from './setup-form-values';
import { SetupFormDialog } from './setup-form-dialog';

type RoomDialogProps = { practiceId: string; room: LocalRoom | null; locations: readonly LocalLocation[]; onOpenChange: (open: boolean) => void };

/** Adds or edits a room (a treatment or consulting room at one location). */
export const RoomDialog = ({ practiceId, room, locations, onOpenChange }: RoomDialogProps) => {
  const mutate = useMutate();
  const form = useForm<TRoomForm, unknown, TSaveRoom>({
    resolver: withChoiceMessages(zodResolver(ZSaveRoom), { locationId: 'Choose a location' }),
    defaultValues: roomFormValues(practiceId, room, locations[0]?.id),
  });
  return (
    <SetupFormDialog
      form={form}
      title={room === null ? 'Add room' : 'Edit room'}
      description="Appointment types that need a room are booked into one of these."
      submitLabel={room === null ? 'Add room' : 'Save changes'}
      done={room === null ? 'Room added' : 'Room saved'}
      onSave={async (values) => {
        await mutate('rooms.save', values);
      }}
      onOpenChange={onOpenChange}
    >
      <TextField control={form.control} name="name" label="Name" description="E.g. Room 1 or Treatment room B." />
      <SelectField control={form.control} name="locationId" label="Location" choices={locations.map((location) => ({ value: location.id, label: location.name }))} />
    </SetupFormDialog>
  );
};
