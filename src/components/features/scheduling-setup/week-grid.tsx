'use client';

import { CopyIcon, PlusIcon, XIcon } from 'lucide-react';
import { useFieldArray, useFormContext, type FieldPath } from 'react-hook-form';
import { uuidv7 } from 'uuidv7';

import { Button } from '@/components/ui/button';
import { FormControl, FormField, FormItem, FormLabel, FormMessage } from '@/components/ui/form';
import { Input } from '@/components/ui/input';

import { WEEKDAYS } from './setup-labels';
import { copyRanges, nextRange, type WorkingWeekForm } from './working-week';

/** One time of a range, its label read by screen readers ("Monday, hours 1, from"). */
const TimeInput = ({ name, label }: { name: FieldPath<WorkingWeekForm>; label: string }) => {
  const { control } = useFormContext<WorkingWeekForm>();
  return (
    <FormField
      control={control}
      name={name}
      render={({ field }) => (
        <FormItem className="gap-1">
          <FormLabel className="sr-only">{label}</FormLabel>
          <FormControl>
            <Input type="time" className="w-32" {...field} value={typeof field.value === 'string' ? field.value : ''} />
          </FormControl>
          <FormMessage className="max-w-32 text-xs" />
        </FormItem>
      )}
    />
  );
};

const DayRow = ({ index, label }: { index: number; label: string }) => {
  const { control, getValues } = useFormContext<WorkingWeekForm>();
  const { fields, append, remove } = useFieldArray({ control, name: `days.${index}.ranges` });
  return (
    <tr className="border-b align-top last:border-b-0">
      <th scope="row" className="py-3 pr-4 text-left text-sm font-medium whitespace-nowrap">
        {label}
      </th>
      <td className="py-2">
        {fields.length === 0 ? (
          <p className="py-2 text-sm text-muted-foreground">Not working</p>
        ) : (
          <ul className="grid gap-2">
            {fields.map((field, rangeIndex) => {
              const which = `${label}, hours ${rangeIndex + 1}`;
              return (
                <li key={field.id} className="flex flex-wrap items-start gap-2">
                  <TimeInput name={`days.${index}.ranges.${rangeIndex}.startTime`} label={`${which}, from`} />
                  <span aria-hidden="true" className="pt-2 text-sm text-muted-foreground">
                    to
                  </span>
                  <TimeInput name={`days.${index}.ranges.${rangeIndex}.endTime`} label={`${which}, until`} />
                  <Button type="button" variant="ghost" size="icon" aria-label={`Remove ${which}`} onClick={() => remove(rangeIndex)}>
                    <XIcon aria-hidden="true" />
                  </Button>
                </li>
              );
            })}
          </ul>
        )}
      </td>
      <td className="py-2 pl-2 text-right">
        <Button type="button" variant="outline" size="sm" onClick={() => append(nextRange(getValues(`days.${index}.ranges`), uuidv7))}>
          <PlusIcon aria-hidden="true" />
          Add hours<span className="sr-only"> on {label}</span>
        </Button>
      </td>
    </tr>
  );
};

/**
 * The weekly grid of working hours: Monday to Sunday, each with any number of time ranges (a lunch
 * break is two ranges), keyboard operable like any form (time inputs and buttons in order).
 */
export const WeekGrid = () => {
  const { getValues, setValue, formState } = useFormContext<WorkingWeekForm>();
  const weekError = formState.errors.days?.message ?? formState.errors.days?.root?.message;
  const copyMonday = () => {
    const monday = getValues('days.0.ranges');
    for (const index of [1, 2, 3, 4]) {
      setValue(`days.${index}.ranges`, copyRanges(monday, uuidv7), { shouldDirty: true, shouldValidate: formState.isSubmitted });
    }
  };
  return (
    <fieldset className="grid gap-2">
      <legend className="mb-2 text-sm font-medium">Weekly hours</legend>
      <Button type="button" variant="ghost" size="sm" className="w-fit" onClick={copyMonday}>
        <CopyIcon aria-hidden="true" />
        Copy Monday to Tuesday–Friday
      </Button>
      <table className="w-full">
        <thead className="sr-only">
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Hours</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {WEEKDAYS.map((day, index) => (
            <DayRow key={day.value} index={index} label={day.label} />
          ))}
        </tbody>
      </table>
      {weekError === undefined ? null : (
        <p role="alert" className="text-sm font-medium text-destructive">
          {weekError}
        </p>
      )}
    </fieldset>
  );
};
