'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';

import { useMutate } from '@/components/local-data/use-mutate';
import { ZSaveLocation, type TSaveLocation } from '@/lib/domain/scheduling/schemas';
import type { LocalLocation } from '@/lib/local/scheduling-setup-query';

import { TextField, TimeZoneField } from './form-fields';
import { locationFormValues, type TLocationForm } from './setup-form-values';
import { SetupFormDialog } from './setup-form-dialog';

const browserTimeZone = (): string => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return 'UTC';
  }
};

type LocationDialogProps = { practiceId: string; location: LocalLocation | null; onOpenChange: (open: boolean) => void };

/** Adds or edits a location: its name, address, phone and the time zone its calendar runs in. */
export const LocationDialog = ({ practiceId, location, onOpenChange }: LocationDialogProps) => {
  const mutate = useMutate();
  const form = useForm<TLocationForm, unknown, TSaveLocation>({
    resolver: zodResolver(ZSaveLocation),
    defaultValues: locationFormValues(practiceId, location, browserTimeZone()),
  });
  const { control } = form;
  return (
    <SetupFormDialog
      form={form}
      title={location === null ? 'Add location' : 'Edit location'}
      description="A place where patients are seen. Its time zone decides the local times of its calendar."
      submitLabel={location === null ? 'Add location' : 'Save changes'}
      done={location === null ? 'Location added' : 'Location saved'}
      onSave={async (values) => {
        await mutate('locations.save', values);
      }}
      onOpenChange={onOpenChange}
      wide
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField control={control} name="name" label="Name" className="sm:col-span-2" description="As staff call it, e.g. Downtown clinic." />
        <TextField control={control} name="addressLine1" label="Address line 1" />
        <TextField control={control} name="addressLine2" label="Address line 2" />
        <TextField control={control} name="city" label="City" />
        <TextField control={control} name="region" label="State or region" />
        <TextField control={control} name="postalCode" label="Postal code" />
        <TextField control={control} name="country" label="Country" maxLength={2} description="Two letters, e.g. US." />
        <TimeZoneField control={control} name="timeZone" label="Time zone" description="Start typing a city, e.g. America/Chicago." />
        <TextField control={control} name="phone" label="Phone" type="tel" description="Optional." />
      </div>
    </SetupFormDialog>
  );
};
