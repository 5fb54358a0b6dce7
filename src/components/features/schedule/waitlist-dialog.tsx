'use client';

import '@/lib/utils/zod-jitless';

import { zodResolver } from '@hookform/resolvers/zod';
import * as React from 'react';
import { useForm } from 'react-hook-form';
import { toast } from 'sonner';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';

import { useMutate } from '@/components/local-data/use-mutate';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from '@/components/ui/form';
import { Input } from '@/components/ui/input';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { Textarea } from '@/components/ui/textarea';
import { useUnsavedWork } from '@/hooks/use-unsaved-work';
import { TIME_OF_DAY_WINDOWS, ZAddToWaitlist, type TAddToWaitlist } from '@/lib/domain/scheduling/schemas';
import type { TimeOfDay } from '@/lib/domain/scheduling/waitlist-matches';
import { instantToZoned } from '@/lib/domain/scheduling/zoned-time';
import { LocalDbError } from '@/lib/local/browser/local-database';

import { PatientPicker } from './patient-picker';
import type { SchedulingSetup } from './schedule-types';

/** The select value that stands for "any provider" / "any location" (null in the mutation). */
const ANY = 'any';

/** How each time of day reads, with its hours. */
export const TIME_OF_DAY_LABELS: Readonly<Record<TimeOfDay, string>> = {
  any: 'Any time',
  morning: `Mornings (${TIME_OF_DAY_WINDOWS.morning.start}–${TIME_OF_DAY_WINDOWS.morning.end})`,
  afternoon: `Afternoons (${TIME_OF_DAY_WINDOWS.afternoon.start}–${TIME_OF_DAY_WINDOWS.afternoon.end})`,
  evening: `Evenings (${TIME_OF_DAY_WINDOWS.evening.start}–${TIME_OF_DAY_WINDOWS.evening.end})`,
};

const { shape } = ZAddToWaitlist;

/**
 * The form's fields, from the mutation's own schema (CONVENTIONS §4): the same dates, time of day
 * and note rules; "any" stands for a null provider or location, and a blank last date for none.
 */
const ZWaitlistForm = z
  .object({
    patientId: z.string().min(1, { error: 'choose a patient' }),
    typeId: z.string().min(1, { error: 'choose a type' }),
    providerId: z.string().min(1),
    locationId: z.string().min(1),
    earliestDate: shape.earliestDate,
    latestDate: z.literal('').or(shape.latestDate.unwrap()),
    timeOfDay: shape.timeOfDay,
    note: shape.note,
  })
  .refine((value) => value.latestDate === '' || value.earliestDate <= value.latestDate, { error: 'must not end before it starts', path: ['latestDate'] });
type TWaitlistFormInput = z.input<typeof ZWaitlistForm>;
type TWaitlistForm = z.output<typeof ZWaitlistForm>;

const FIELDS = new Set<string>(['patientId', 'typeId', 'providerId', 'locationId', 'earliestDate', 'latestDate', 'timeOfDay', 'note']);
const formFieldOf = (path: string): keyof TWaitlistFormInput | undefined => (FIELDS.has(path) ? (path as keyof TWaitlistFormInput) : undefined);

type WaitlistDialogProps = {
  practiceId: string;
  setup: SchedulingSetup;
  /** The location the schedule shows: its zone gives "today". */
  timeZone: string;
  onClose: () => void;
};

/** Puts a patient on the waitlist for a type, with or without a provider, location, dates and time of day. */
export const WaitlistDialog = ({ practiceId, setup, timeZone, onClose }: WaitlistDialogProps) => {
  const mutate = useMutate();
  const [patient, setPatient] = React.useState<{ id: string; label: string } | null>(null);
  const [formError, setFormError] = React.useState<string | null>(null);
  const [today] = React.useState(() => instantToZoned(new Date(), timeZone).date);
  const form = useForm<TWaitlistFormInput, unknown, TWaitlistForm>({
    resolver: zodResolver(ZWaitlistForm),
    defaultValues: {
      patientId: '',
      typeId: setup.types.find((type) => type.active)?.id ?? '',
      providerId: ANY,
      locationId: setup.locations.length > 1 ? ANY : (setup.locations[0]?.id ?? ANY),
      earliestDate: today,
      latestDate: '',
      timeOfDay: 'any',
      note: '',
    },
  });
  useUnsavedWork(form.formState.isDirty);

  const onSubmit = async (data: TWaitlistForm) => {
    setFormError(null);
    const args: TAddToWaitlist = {
      practiceId,
      id: uuidv7(),
      patientId: data.patientId,
      typeId: data.typeId,
      providerId: data.providerId === ANY ? null : data.providerId,
      locationId: data.locationId === ANY ? null : data.locationId,
      earliestDate: data.earliestDate,
      latestDate: data.latestDate === '' ? null : data.latestDate,
      timeOfDay: data.timeOfDay,
      note: data.note,
    };
    try {
      await mutate('waitlist.add', args);
      toast.success('Added to the waitlist', { description: 'Saved on this device; it syncs when the network allows.' });
      onClose();
    } catch (error) {
      let placed = false;
      if (error instanceof LocalDbError && error.code === 'invalid_mutation') {
        for (const field of error.fields ?? []) {
          const name = formFieldOf(field.path);
          if (name !== undefined) {
            form.setError(name, { message: field.message }, { shouldFocus: !placed });
            placed = true;
          }
        }
      }
      if (!placed) {
        setFormError(error instanceof LocalDbError ? `The waitlist entry could not be saved: ${error.message}.` : 'The waitlist entry could not be saved.');
      }
    }
  };

  const selectField = (name: 'typeId' | 'providerId' | 'locationId' | 'timeOfDay', label: string, options: { value: string; label: string }[]) => (
    <FormField
      control={form.control}
      name={name}
      render={({ field }) => (
        <FormItem>
          <FormLabel>{label}</FormLabel>
          <Select value={field.value} onValueChange={field.onChange}>
            <FormControl>
              <SelectTrigger onBlur={field.onBlur}>
                <SelectValue placeholder="Choose…" />
              </SelectTrigger>
            </FormControl>
            <SelectContent>
              {options.map((option) => (
                <SelectItem key={option.value} value={option.value}>
                  {option.label}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
          <FormMessage />
        </FormItem>
      )}
    />
  );

  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogContent className="max-h-[90dvh] overflow-y-auto sm:max-w-2xl">
        <DialogHeader>
          <DialogTitle>Add to waitlist</DialogTitle>
          <DialogDescription>When a matching time frees up, the front desk is offered the patients who have waited longest. Dates and times are the clinic’s ({timeZone}).</DialogDescription>
        </DialogHeader>
        <Form {...form}>
          <form onSubmit={form.handleSubmit(onSubmit)} noValidate className="grid gap-4 sm:grid-cols-2">
            <FormField
              control={form.control}
              name="patientId"
              render={({ fieldState }) => (
                <FormItem className="sm:col-span-2">
                  <FormLabel htmlFor="waitlist-patient">Patient</FormLabel>
                  <PatientPicker
                    id="waitlist-patient"
                    practiceId={practiceId}
                    selected={patient}
                    invalid={fieldState.invalid}
                    onSelect={(chosen) => {
                      setPatient(chosen);
                      form.setValue('patientId', chosen?.id ?? '', { shouldValidate: chosen !== null, shouldDirty: true });
                    }}
                  />
                  <FormMessage />
                </FormItem>
              )}
            />
            {selectField('typeId', 'Appointment type', setup.types.filter((t) => t.active).map((t) => ({ value: t.id, label: `${t.name} (${t.durationMinutes} min)` })))}
            {selectField('providerId', 'Provider', [{ value: ANY, label: 'Any provider' }, ...setup.providers.filter((p) => p.active).map((p) => ({ value: p.id, label: p.displayName }))])}
            {selectField('locationId', 'Location', [{ value: ANY, label: 'Any location' }, ...setup.locations.map((l) => ({ value: l.id, label: l.name }))])}
            {selectField('timeOfDay', 'Time of day', (Object.keys(TIME_OF_DAY_LABELS) as TimeOfDay[]).map((value) => ({ value, label: TIME_OF_DAY_LABELS[value] })))}
            <FormField
              control={form.control}
              name="earliestDate"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>Earliest date</FormLabel>
                  <FormControl>
                    <Input type="date" {...field} />
                  </FormControl>
                  <FormMessage />
                </FormItem>
              )}
            />
            <FormField
              control={form.control}
              name="latestDate"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>Latest date (optional)</FormLabel>
                  <FormControl>
                    <Input type="date" {...field} />
                  </FormControl>
                  <FormDescription>Leave empty to wait without an end date.</FormDescription>
                  <FormMessage />
                </FormItem>
              )}
            />
            <FormField
              control={form.control}
              name="note"
              render={({ field }) => (
                <FormItem className="sm:col-span-2">
                  <FormLabel>Note for the front desk (optional)</FormLabel>
                  <FormControl>
                    <Textarea rows={2} {...field} value={field.value ?? ''} />
                  </FormControl>
                  <FormDescription>For example “can come at short notice”. Clinical information belongs in the chart.</FormDescription>
                  <FormMessage />
                </FormItem>
              )}
            />
            {formError !== null && (
              <p role="alert" className="text-sm font-medium text-destructive sm:col-span-2">
                {formError}
              </p>
            )}
            <DialogFooter className="sm:col-span-2">
              <DialogClose asChild>
                <Button variant="outline">Cancel</Button>
              </DialogClose>
              <Button type="submit" disabled={form.formState.isSubmitting}>
                {form.formState.isSubmitting ? 'Saving…' : 'Add to waitlist'}
              </Button>
            </DialogFooter>
          </form>
        </Form>
      </DialogContent>
    </Dialog>
  );
};
