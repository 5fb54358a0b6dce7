'use client';

import * as React from 'react';
import type { Control, FieldPath, FieldValues } from 'react-hook-form';

import { Checkbox } from '@/components/ui/checkbox';
import { FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from '@/components/ui/form';
import { Input } from '@/components/ui/input';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { Textarea } from '@/components/ui/textarea';

/*
 * The labelled fields of the set-up dialogs, each wired to React Hook Form with its error beside
 * it (src/components/ui/form.tsx gives the control its id, aria-invalid and aria-describedby).
 */

type FieldProps<T extends FieldValues> = {
  control: Control<T>;
  name: FieldPath<T>;
  label: string;
  description?: React.ReactNode;
  className?: string;
};

type InputExtras = Pick<React.ComponentProps<'input'>, 'type' | 'inputMode' | 'maxLength' | 'placeholder' | 'list' | 'onFocus' | 'min' | 'max' | 'step'>;

/** A text input (also date, time and tel); null shows as blank. */
export const TextField = <T extends FieldValues>({ control, name, label, description, className, ...input }: FieldProps<T> & InputExtras) => (
  <FormField
    control={control}
    name={name}
    render={({ field }) => (
      <FormItem className={className}>
        <FormLabel>{label}</FormLabel>
        <FormControl>
          <Input autoComplete="off" {...input} {...field} value={typeof field.value === 'string' ? field.value : ''} />
        </FormControl>
        {description === undefined ? null : <FormDescription>{description}</FormDescription>}
        <FormMessage />
      </FormItem>
    )}
  />
);

/** Several lines of text; null shows as blank. */
export const TextAreaField = <T extends FieldValues>({ control, name, label, description, className }: FieldProps<T>) => (
  <FormField
    control={control}
    name={name}
    render={({ field }) => (
      <FormItem className={className}>
        <FormLabel>{label}</FormLabel>
        <FormControl>
          <Textarea rows={3} {...field} value={typeof field.value === 'string' ? field.value : ''} />
        </FormControl>
        {description === undefined ? null : <FormDescription>{description}</FormDescription>}
        <FormMessage />
      </FormItem>
    )}
  />
);

/** Whole minutes; a blank box is NaN, which the schema refuses with its own message. */
export const MinutesField = <T extends FieldValues>({ control, name, label, description, className, min, max }: FieldProps<T> & { min: number; max: number }) => (
  <FormField
    control={control}
    name={name}
    render={({ field }) => (
      <FormItem className={className}>
        <FormLabel>{label}</FormLabel>
        <FormControl>
          <Input
            type="number"
            inputMode="numeric"
            min={min}
            max={max}
            step={5}
            name={field.name}
            ref={field.ref}
            onBlur={field.onBlur}
            value={typeof field.value === 'number' && !Number.isNaN(field.value) ? field.value : ''}
            onChange={(event) => field.onChange(event.target.value === '' ? Number.NaN : event.target.valueAsNumber)}
          />
        </FormControl>
        {description === undefined ? null : <FormDescription>{description}</FormDescription>}
        <FormMessage />
      </FormItem>
    )}
  />
);

export type Choice = { value: string; label: string };

// Radix Select keeps "" for "nothing chosen", so null (e.g. "All locations") needs a value of its own.
const NULL_CHOICE = '__none__';

/** A choice from a list; with `nullLabel`, a first option standing for null (e.g. "All locations"). */
export const SelectField = <T extends FieldValues>({
  control,
  name,
  label,
  description,
  className,
  choices,
  nullLabel,
  placeholder = 'Choose…',
}: FieldProps<T> & { choices: readonly Choice[]; nullLabel?: string; placeholder?: string }) => (
  <FormField
    control={control}
    name={name}
    render={({ field }) => (
      <FormItem className={className}>
        <FormLabel>{label}</FormLabel>
        <Select
          value={field.value === null ? NULL_CHOICE : typeof field.value === 'string' ? field.value : ''}
          onValueChange={(value) => field.onChange(value === NULL_CHOICE ? null : value)}
        >
          <FormControl>
            <SelectTrigger ref={field.ref} onBlur={field.onBlur}>
              <SelectValue placeholder={placeholder} />
            </SelectTrigger>
          </FormControl>
          <SelectContent>
            {nullLabel === undefined ? null : <SelectItem value={NULL_CHOICE}>{nullLabel}</SelectItem>}
            {choices.map((choice) => (
              <SelectItem key={choice.value} value={choice.value}>
                {choice.label}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
        {description === undefined ? null : <FormDescription>{description}</FormDescription>}
        <FormMessage />
      </FormItem>
    )}
  />
);

/** A yes/no question with its label beside the box. */
export const CheckboxField = <T extends FieldValues>({ control, name, label, description, className }: FieldProps<T>) => (
  <FormField
    control={control}
    name={name}
    render={({ field }) => (
      <FormItem className={className}>
        <div className="flex items-center gap-2">
          <FormControl>
            <Checkbox ref={field.ref} checked={field.value === true} onCheckedChange={(checked) => field.onChange(checked === true)} onBlur={field.onBlur} />
          </FormControl>
          <FormLabel className="font-normal">{label}</FormLabel>
        </div>
        {description === undefined ? null : <FormDescription>{description}</FormDescription>}
        <FormMessage />
      </FormItem>
    )}
  />
);

/** An IANA time zone: free text with the browser's ~400 zones as suggestions (filled in on first focus). */
export const TimeZoneField = <T extends FieldValues>(props: FieldProps<T>) => {
  const listId = React.useId();
  const [zones, setZones] = React.useState<readonly string[]>([]);
  return (
    <>
      <TextField
        {...props}
        list={listId}
        placeholder="America/Chicago"
        onFocus={() => {
          if (zones.length === 0) {
            setZones([...Intl.supportedValuesOf('timeZone'), 'UTC']);
          }
        }}
      />
      <datalist id={listId}>
        {zones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
    </>
  );
};
