'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import * as React from 'react';
import { useForm, useWatch } from 'react-hook-form';

import { useMutate } from '@/components/local-data/use-mutate';
import { Checkbox } from '@/components/ui/checkbox';
import { Label } from '@/components/ui/label';
import { ZSaveScheduleException, type TSaveScheduleException } from '@/lib/domain/scheduling/schemas';
import type { LocalLocation, LocalProvider, LocalScheduleException } from '@/lib/local/scheduling-setup-query';

import { withChoiceMessages } from './form-errors';
import { SelectField, TextAreaField, TextField } from './form-fields';
import { DEFAULT_RANGE, exceptionFormValues, type TExceptionForm } from './setup-form-values';
import { SetupFormDialog } from './setup-form-dialog';
import { EXCEPTION_KINDS } from './setup-labels';

type ExceptionDialogProps = {
  practiceId: string;
  exception: LocalScheduleException | null;
  providers: readonly LocalProvider[];
  locations: readonly LocalLocation[];
  onOpenChange: (open: boolean) => void;
};

/** Time off (a whole day or part of it) or extra hours for a provider on one date. */
export const ExceptionDialog = ({ practiceId, exception, providers, locations, onOpenChange }: ExceptionDialogProps) => {
  const mutate = useMutate();
  const wholeDayId = React.useId();
  const choosable = providers.filter((provider) => provider.active || provider.id === exception?.providerId);
  const form = useForm<TExceptionForm, unknown, TSaveScheduleException>({
    resolver: withChoiceMessages(zodResolver(ZSaveScheduleException), { providerId: 'Choose a provider', date: 'Choose a date' }),
    defaultValues: exceptionFormValues(practiceId, exception, choosable[0]?.id),
  });
  const kind = useWatch({ control: form.control, name: 'kind' });
  const wholeDay = useWatch({ control: form.control, name: 'startTime' }) === null;

  const setWholeDay = (on: boolean) => {
    form.setValue('startTime', on ? null : DEFAULT_RANGE.startTime, { shouldDirty: true });
    form.setValue('endTime', on ? null : DEFAULT_RANGE.endTime, { shouldDirty: true });
  };
  // Extra hours always have times: switching to them from a whole day off fills in a range to adjust.
  React.useEffect(() => {
    if (kind === 'extra_hours' && form.getValues('startTime') === null) {
      form.setValue('startTime', DEFAULT_RANGE.startTime, { shouldDirty: true });
      form.setValue('endTime', DEFAULT_RANGE.endTime, { shouldDirty: true });
    }
  }, [kind, form]);

  return (
    <SetupFormDialog
      form={form}
      title={exception === null ? 'Add time off or extra hours' : 'Edit time off or extra hours'}
      description="A date on which a provider's hours differ from their weekly hours."
      submitLabel={exception === null ? 'Add' : 'Save changes'}
      done={kind === 'time_off' ? 'Time off saved' : 'Extra hours saved'}
      onSave={async (values) => {
        await mutate('scheduleExceptions.save', values);
      }}
      onOpenChange={onOpenChange}
      wide
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          control={form.control}
          name="providerId"
          label="Provider"
          choices={choosable.map((provider) => ({ value: provider.id, label: provider.active ? provider.displayName : `${provider.displayName} (retired)` }))}
        />
        <SelectField control={form.control} name="kind" label="Kind" choices={EXCEPTION_KINDS} />
        <TextField control={form.control} name="date" label="Date" type="date" />
        <SelectField
          control={form.control}
          name="locationId"
          label="Location"
          nullLabel="All locations"
          choices={locations.map((location) => ({ value: location.id, label: location.name }))}
        />
        {kind === 'time_off' ? (
          <div className="flex items-center gap-2 sm:col-span-2">
            <Checkbox id={wholeDayId} checked={wholeDay} onCheckedChange={(checked) => setWholeDay(checked === true)} />
            <Label htmlFor={wholeDayId} className="font-normal">
              The whole day
            </Label>
          </div>
        ) : null}
        {wholeDay ? null : (
          <>
            <TextField control={form.control} name="startTime" label="From" type="time" />
            <TextField control={form.control} name="endTime" label="Until" type="time" />
          </>
        )}
        <TextAreaField control={form.control} name="note" label="Note" className="sm:col-span-2" description="Optional, for staff, e.g. conference or covering for a colleague. No patient details." />
      </div>
    </SetupFormDialog>
  );
};
