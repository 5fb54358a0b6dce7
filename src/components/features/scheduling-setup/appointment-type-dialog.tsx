'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';

import { useMutate } from '@/components/local-data/use-mutate';
import { ZSaveAppointmentType, type TSaveAppointmentType } from '@/lib/domain/scheduling/schemas';
import type { LocalAppointmentType } from '@/lib/local/scheduling-setup-query';

import { ColourField } from './colour-field';
import { CheckboxField, MinutesField, TextField } from './form-fields';
import { appointmentTypeFormValues, type TAppointmentTypeForm } from './setup-form-values';
import { SetupFormDialog } from './setup-form-dialog';

type AppointmentTypeDialogProps = { practiceId: string; type: LocalAppointmentType | null; defaultColour: string; onOpenChange: (open: boolean) => void };

/** Adds or edits an appointment type: how long it takes, its colour, whether it needs a room, and its buffers. */
export const AppointmentTypeDialog = ({ practiceId, type, defaultColour, onOpenChange }: AppointmentTypeDialogProps) => {
  const mutate = useMutate();
  const form = useForm<TAppointmentTypeForm, unknown, TSaveAppointmentType>({
    resolver: zodResolver(ZSaveAppointmentType),
    defaultValues: appointmentTypeFormValues(practiceId, type, defaultColour),
  });
  const { control } = form;
  return (
    <SetupFormDialog
      form={form}
      title={type === null ? 'Add appointment type' : 'Edit appointment type'}
      description="What the front desk picks when booking; its length fills in the end time."
      submitLabel={type === null ? 'Add appointment type' : 'Save changes'}
      done={type === null ? 'Appointment type added' : 'Appointment type saved'}
      onSave={async (values) => {
        await mutate('appointmentTypes.save', values);
      }}
      onOpenChange={onOpenChange}
      wide
    >
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField control={control} name="name" label="Name" className="sm:col-span-2" description="E.g. New patient visit." />
        <MinutesField control={control} name="durationMinutes" label="Length (minutes)" min={5} max={480} />
        <MinutesField control={control} name="bufferBeforeMinutes" label="Buffer before (minutes)" min={0} max={120} description="Kept free before, e.g. to prepare." />
        <MinutesField control={control} name="bufferAfterMinutes" label="Buffer after (minutes)" min={0} max={120} description="Kept free after, e.g. to clean." />
        <CheckboxField control={control} name="needsRoom" label="Needs a room" className="self-center" />
      </div>
      <ColourField control={control} name="colour" />
    </SetupFormDialog>
  );
};
