'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';

import { useMutate } from '@/components/local-data/use-mutate';
import { ZSaveHoliday, type TSaveHoliday } from '@/lib/domain/scheduling/schemas';
import type { LocalHoliday, LocalLocation } from '@/lib/local/scheduling-setup-query';

import { withChoiceMessages } from './form-errors';
import { SelectField, TextField } from './form-fields';
import { holidayFormValues, type THolidayForm } from './setup-form-values';
import { SetupFormDialog } from './setup-form-dialog';

type HolidayDialogProps = { practiceId: string; holiday: LocalHoliday | null; locations: readonly LocalLocation[]; onOpenChange: (open: boolean) => void };

/** A day the clinic is closed, at one location or at all of them. */
export const HolidayDialog = ({ practiceId, holiday, locations, onOpenChange }: HolidayDialogProps) => {
  const mutate = useMutate();
  const form = useForm<THolidayForm, unknown, TSaveHoliday>({
    resolver: withChoiceMessages(zodResolver(ZSaveHoliday), { date: 'Choose a date' }),
    defaultValues: holidayFormValues(practiceId, holiday),
  });
  return (
    <SetupFormDialog
      form={form}
      title={holiday === null ? 'Add holiday' : 'Edit holiday'}
      description="Nobody is booked on a holiday at the locations it applies to."
      submitLabel={holiday === null ? 'Add holiday' : 'Save changes'}
      done={holiday === null ? 'Holiday added' : 'Holiday saved'}
      onSave={async (values) => {
        await mutate('holidays.save', values);
      }}
      onOpenChange={onOpenChange}
    >
      <TextField control={form.control} name="name" label="Name" description="E.g. Thanksgiving Day." />
      <TextField control={form.control} name="date" label="Date" type="date" />
      <SelectField control={form.control} name="locationId" label="Location" nullLabel="All locations" choices={locations.map((location) => ({ value: location.id, label: location.name }))} />
    </SetupFormDialog>
  );
};
