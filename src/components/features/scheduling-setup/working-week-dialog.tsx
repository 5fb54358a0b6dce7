'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import * as React from 'react';
import { useForm } from 'react-hook-form';
import { uuidv7 } from 'uuidv7';

import { useMutate } from '@/components/local-data/use-mutate';
import { LocalDbError } from '@/lib/local/browser/local-database';
import type { LocalLocation, LocalProvider } from '@/lib/local/scheduling-setup-query';

import { withChoiceMessages } from './form-errors';
import { SelectField, TextField } from './form-fields';
import { SetupFormDialog } from './setup-form-dialog';
import { WeekGrid } from './week-grid';
import { weekFormValues, workingWeekSaves, workingWeekSchema, type WorkingWeek, type WorkingWeekForm } from './working-week';

type WorkingWeekDialogProps = {
  practiceId: string;
  /** The week to edit; null adds one. */
  week: WorkingWeek | null;
  /** The keys of every week of the practice: a new week may not repeat one. */
  weekKeys: readonly string[];
  providers: readonly LocalProvider[];
  locations: readonly LocalLocation[];
  onOpenChange: (open: boolean) => void;
};

/**
 * Sets a provider's regular hours at a location: a weekly grid, optionally for a period only (a
 * rota that changes from a date). Saved as one `workingHours.save` per range that changed.
 */
export const WorkingWeekDialog = ({ practiceId, week, weekKeys, providers, locations, onOpenChange }: WorkingWeekDialogProps) => {
  const mutate = useMutate();
  const schema = React.useMemo(() => workingWeekSchema(practiceId, new Set(weekKeys.filter((key) => key !== week?.key))), [practiceId, weekKeys, week]);
  const activeProviders = providers.filter((provider) => provider.active || provider.id === week?.providerId);
  const form = useForm<WorkingWeekForm>({
    resolver: withChoiceMessages(zodResolver(schema), { providerId: 'Choose a provider', locationId: 'Choose a location' }),
    defaultValues: weekFormValues(week, uuidv7, { providerId: activeProviders[0]?.id, locationId: locations[0]?.id }),
  });

  const save = async (values: WorkingWeekForm) => {
    for (const { args, path } of workingWeekSaves(practiceId, week, values)) {
      try {
        await mutate('workingHours.save', args);
      } catch (error) {
        // A range's time errors belong to its inputs in the grid; the rest to the week's fields.
        if (error instanceof LocalDbError && error.code === 'invalid_mutation' && path !== null) {
          const fields = (error.fields ?? []).map((field) => (field.path === 'startTime' || field.path === 'endTime' ? { ...field, path: `${path}.${field.path}` } : field));
          throw new LocalDbError('invalid_mutation', error.message, undefined, fields);
        }
        throw error;
      }
    }
  };

  return (
    <SetupFormDialog
      form={form}
      title={week === null ? 'Add working hours' : 'Edit working hours'}
      description="When the provider sees patients at this location, week by week. To change hours from a date, give the current hours an end date and add new hours starting the next day."
      submitLabel={week === null ? 'Add working hours' : 'Save changes'}
      done="Working hours saved"
      onSave={save}
      onOpenChange={onOpenChange}
      wide
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          control={form.control}
          name="providerId"
          label="Provider"
          choices={activeProviders.map((provider) => ({ value: provider.id, label: provider.active ? provider.displayName : `${provider.displayName} (retired)` }))}
        />
        <SelectField control={form.control} name="locationId" label="Location" choices={locations.map((location) => ({ value: location.id, label: location.name }))} />
        <TextField control={form.control} name="validFrom" label="Valid from" type="date" description="Optional. Blank: already in effect." />
        <TextField control={form.control} name="validUntil" label="Valid until" type="date" description="Optional. Blank: no end." />
      </div>
      <WeekGrid />
    </SetupFormDialog>
  );
};
