'use client';

import '@/lib/utils/zod-jitless';

import { zodResolver } from '@hookform/resolvers/zod';
import { SparklesIcon } from 'lucide-react';
import * as React from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { toast } from 'sonner';
import { uuidv7 } from 'uuidv7';

import { useMutate } from '@/components/local-data/use-mutate';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from '@/components/ui/form';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { NativeSelect } from '@/components/ui/native-select';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { Textarea } from '@/components/ui/textarea';
import { useUnsavedWork } from '@/hooks/use-unsaved-work';
import { TIME_OF_DAY_WINDOWS } from '@/lib/domain/scheduling/schemas';
import { LocalDbError } from '@/lib/local/browser/local-database';

import { bookingProblems } from './booking-checks';
import { formInstants, formTimeOf, searchRange, suggestSlots } from './slot-search';
import { ZBookingForm, type TBookingForm, type TBookingFormInput } from './booking-form';
import { clockTime } from './calendar-layout';
import { PatientPicker } from './patient-picker';
import { RepeatFields } from './repeat-fields';
import { checkRepeat, listDates, noRepeat, occurrenceSpan, seriesOccurrences, seriesProblems, type RepeatModel } from './repeat-rule';
import type { LocalAppointment, SchedulingSetup } from './schedule-types';
import { useAppointments } from './use-schedule';

export type BookingTarget =
  | { kind: 'book'; providerId: string; locationId: string; startsAt: Date | null; roomId?: string | null }
  | {
      kind: 'move';
      appointment: LocalAppointment;
      patientLabel: string;
      /** A move proposed on the grid (a drag), shown for confirmation: it needs a reason. */
      proposal?: { providerId: string; startsAt: Date; endsAt: Date };
    };

type BookingDialogProps = { practiceId: string; setup: SchedulingSetup; target: BookingTarget; onClose: () => void };

const NO_ROOM = 'none';

const slotLabel = (startsAt: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(startsAt);

/** Where a mutation's field error shows on this form. */
const FORM_FIELD: Readonly<Record<string, keyof TBookingFormInput>> = { startsAt: 'time', endsAt: 'durationMinutes', appointmentId: 'time' };
/** The same for a series (its rule's errors show in the Repeat section). */
const SERIES_FORM_FIELD: Readonly<Record<string, keyof TBookingFormInput>> = { startDate: 'date', startTime: 'time' };

/**
 * Books an appointment, or moves one, on this device (also offline): checks the slot against the
 * bookings here and the provider's hours first, offers the next free slots, and saves through the
 * sync engine. A reason is asked for only when the time is outside working hours.
 */
export const BookingDialog = ({ practiceId, setup, target, onClose }: BookingDialogProps) => {
  const mutate = useMutate();
  const moving = target.kind === 'move' ? target.appointment : null;
  const firstLocation = setup.locations.find((l) => l.id === (moving?.locationId ?? (target.kind === 'book' ? target.locationId : ''))) ?? setup.locations[0];
  const timeZone = firstLocation?.timeZone ?? 'UTC';
  const proposal = target.kind === 'move' ? target.proposal : undefined;
  const initialStart = proposal?.startsAt ?? (moving ? new Date(moving.startsAt) : target.kind === 'book' && target.startsAt ? target.startsAt : null);
  const initialEnd = proposal?.endsAt ?? (moving ? new Date(moving.endsAt) : null);
  const initialType = moving?.typeId ?? setup.types.find((type) => type.active)?.id ?? '';
  const [patient, setPatient] = React.useState<{ id: string; label: string } | null>(moving ? { id: moving.patientId, label: target.kind === 'move' ? target.patientLabel : '' } : null);
  const [formError, setFormError] = React.useState<string | null>(null);
  const [suggestions, setSuggestions] = React.useState<ReturnType<typeof suggestSlots> | null>(null);
  // "Next available" in the part of the day the patient can come (issue #7 §4: time of day).
  const [timeOfDay, setTimeOfDay] = React.useState<keyof typeof TIME_OF_DAY_WINDOWS>('any');

  const form = useForm<TBookingFormInput, unknown, TBookingForm>({
    resolver: zodResolver(ZBookingForm),
    defaultValues: {
      patientId: moving?.patientId ?? '',
      typeId: initialType,
      providerId: proposal?.providerId ?? moving?.providerId ?? (target.kind === 'book' ? target.providerId : ''),
      locationId: firstLocation?.id ?? '',
      roomId: moving?.roomId ?? (target.kind === 'book' ? target.roomId : null) ?? NO_ROOM,
      ...(initialStart ? formTimeOf(initialStart, timeZone) : { date: formTimeOf(new Date(), timeZone).date, time: '09:00' }),
      durationMinutes: initialStart && initialEnd ? Math.round((initialEnd.getTime() - initialStart.getTime()) / 60_000) : (setup.types.find((t) => t.id === initialType)?.durationMinutes ?? 30),
      notes: moving?.notes ?? '',
      outOfHoursReason: moving?.outOfHoursReason ?? '',
    },
  });
  const values = useWatch({ control: form.control });
  // Booking only: a move changes one appointment. The section owns no state: it is held here.
  const [repeat, setRepeat] = React.useState<RepeatModel>(() => noRepeat(form.getValues('date')));
  const [repeatProblem, setRepeatProblem] = React.useState<string | null>(null);
  const changeRepeat = React.useCallback((next: RepeatModel) => {
    setRepeat(next);
    setRepeatProblem(null);
  }, []);
  useUnsavedWork(form.formState.isDirty || repeat.frequency !== 'none');
  const type = setup.types.find((t) => t.id === values.typeId);
  // Fixed for the dialog's life: the bookings around the first time shown (and the search horizon).
  const [range] = React.useState(() => searchRange(initialStart ?? new Date(), timeZone));
  const appointments = useAppointments(practiceId, range.from, range.to);

  const problems = React.useMemo(() => {
    const parsed = ZBookingForm.safeParse({ ...values, patientId: patient?.id ?? 'x' });
    if (!parsed.success || !appointments.data) {
      return null;
    }
    const { startsAt, endsAt } = formInstants(parsed.data, timeZone);
    return bookingProblems({
      setup,
      appointments: appointments.data,
      candidate: { ...(moving ? { id: moving.id } : {}), providerId: parsed.data.providerId, roomId: parsed.data.roomId === NO_ROOM ? null : parsed.data.roomId, locationId: parsed.data.locationId, startsAt, endsAt },
      timeZone,
    });
  }, [values, patient, appointments.data, setup, timeZone, moving]);

  // A series: every occurrence is checked as one booking would be, against the bookings this device
  // holds over the whole series (read for its span; when not repeating, the same range as above).
  const repeatCheck = moving ? null : checkRepeat(repeat, { startDate: values.date ?? '', startTime: values.time ?? '', timeZone });
  const repeatRule = repeatCheck?.rule ?? null;
  const occurrences = React.useMemo(
    () => (repeatRule === null ? null : seriesOccurrences({ rule: repeatRule, startDate: values.date ?? '', startTime: values.time ?? '', durationMinutes: Number(values.durationMinutes), timeZone })),
    [repeatRule, values.date, values.time, values.durationMinutes, timeZone],
  );
  const seriesRange = (occurrences ? occurrenceSpan(occurrences) : null) ?? range;
  const seriesAppointments = useAppointments(practiceId, seriesRange.from, seriesRange.to);
  const seriesCheck = React.useMemo(() => {
    if (!occurrences || !seriesAppointments.data || seriesAppointments.isPlaceholderData || !values.providerId || !values.locationId) {
      return null;
    }
    const slot = { providerId: values.providerId, roomId: values.roomId === NO_ROOM || !values.roomId ? null : values.roomId, locationId: values.locationId };
    return seriesProblems({ setup, appointments: seriesAppointments.data, occurrences, slot, timeZone });
  }, [occurrences, seriesAppointments.data, seriesAppointments.isPlaceholderData, values.providerId, values.roomId, values.locationId, setup, timeZone]);
  const seriesOutsideHours = (seriesCheck?.outsideHours.length ?? 0) > 0;

  const findSlots = () => {
    if (!appointments.data || !values.typeId || !values.locationId) {
      return;
    }
    const providerIds = values.providerId ? [values.providerId] : setup.providers.filter((p) => p.active).map((p) => p.id);
    setSuggestions(
      suggestSlots({
        setup,
        appointments: appointments.data,
        from: new Date(),
        typeId: values.typeId,
        providerIds,
        locationId: values.locationId,
        ...(TIME_OF_DAY_WINDOWS[timeOfDay] ? { timeOfDay: TIME_OF_DAY_WINDOWS[timeOfDay] } : {}),
        ...(moving ? { excludeAppointmentId: moving.id } : {}),
      }),
    );
  };

  /** Books the whole series (the server books all of it or none), after checking each date here. */
  const submitSeries = async (data: TBookingForm, rule: string) => {
    if (seriesCheck === null) {
      setRepeatProblem('Still checking these dates against the calendar: try again in a moment.');
      return;
    }
    if (seriesCheck.taken.length > 0) {
      setRepeatProblem(`Already booked for this provider or room on ${listDates(seriesCheck.taken)}. A series is booked whole or not at all: change the time, the days or the end.`);
      return;
    }
    const outOfHoursReason = data.outOfHoursReason.trim() === '' ? null : data.outOfHoursReason.trim();
    if (seriesCheck.outsideHours.length > 0 && outOfHoursReason === null) {
      form.setError('outOfHoursReason', { message: `Outside the provider's working hours on ${listDates(seriesCheck.outsideHours)}: give a reason to book anyway` }, { shouldFocus: true });
      return;
    }
    try {
      await mutate('appointment_series.create', {
        practiceId,
        id: uuidv7(),
        patientId: data.patientId,
        providerId: data.providerId,
        locationId: data.locationId,
        roomId: data.roomId === NO_ROOM ? null : data.roomId,
        typeId: data.typeId,
        rule,
        startDate: data.date,
        startTime: data.time,
        durationMinutes: data.durationMinutes,
        notes: data.notes.trim() === '' ? null : data.notes.trim(),
        outOfHoursReason,
      });
      toast.success('Recurring appointments booked', { description: 'Saved on this device; it syncs when the network allows.' });
      onClose();
    } catch (error) {
      let placed = false;
      if (error instanceof LocalDbError && error.code === 'invalid_mutation') {
        for (const field of error.fields ?? []) {
          if (field.path === 'rule') {
            setRepeatProblem(`This repeat cannot be saved: ${field.message}`);
            placed = true;
            continue;
          }
          const name = SERIES_FORM_FIELD[field.path] ?? (field.path in ZBookingForm.shape ? (field.path as keyof TBookingFormInput) : undefined);
          if (name !== undefined) {
            form.setError(name, { message: field.message }, { shouldFocus: !placed });
            placed = true;
          }
        }
      }
      if (!placed) {
        setFormError(error instanceof LocalDbError ? `The appointments could not be saved: ${error.message}.` : 'The appointments could not be saved.');
      }
    }
  };

  const onSubmit = async (data: TBookingForm) => {
    setFormError(null);
    setRepeatProblem(null);
    if (!moving && repeat.frequency !== 'none') {
      if (repeatRule === null) {
        setRepeatProblem('Correct the repeat above, or choose “Does not repeat”.');
        return;
      }
      await submitSeries(data, repeatRule);
      return;
    }
    if (problems && problems.taken.length > 0) {
      const first = problems.taken[0];
      form.setError('time', { message: `This time is taken (${first ? `${clockTime(first.startsAt, timeZone)}–${clockTime(first.endsAt, timeZone)}` : 'another booking'}). Pick another time or use “Find next available”.` });
      return;
    }
    const outOfHoursReason = data.outOfHoursReason.trim() === '' ? null : data.outOfHoursReason.trim();
    if (problems?.outsideHours && outOfHoursReason === null) {
      form.setError('outOfHoursReason', { message: "Outside the provider's working hours: give a reason to book anyway" });
      return;
    }
    const { startsAt, endsAt } = formInstants(data, timeZone);
    const roomId = data.roomId === NO_ROOM ? null : data.roomId;
    try {
      if (moving) {
        await mutate('appointments.reschedule', { practiceId, appointmentId: moving.id, providerId: data.providerId, roomId, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), outOfHoursReason });
        toast.success('Appointment moved', { description: 'Saved on this device; it syncs when the network allows.' });
      } else {
        await mutate('appointments.book', {
          practiceId,
          id: uuidv7(),
          patientId: data.patientId,
          providerId: data.providerId,
          locationId: data.locationId,
          roomId,
          typeId: data.typeId,
          startsAt: startsAt.toISOString(),
          endsAt: endsAt.toISOString(),
          notes: data.notes.trim() === '' ? null : data.notes.trim(),
          outOfHoursReason,
          waitlistEntryId: null,
        });
        toast.success('Appointment booked', { description: 'Saved on this device; it syncs when the network allows.' });
      }
      onClose();
    } catch (error) {
      let placed = false;
      if (error instanceof LocalDbError && error.code === 'invalid_mutation') {
        for (const field of error.fields ?? []) {
          const name = FORM_FIELD[field.path] ?? (field.path in ZBookingForm.shape ? (field.path as keyof TBookingFormInput) : undefined);
          if (name !== undefined) {
            form.setError(name, { message: field.message }, { shouldFocus: !placed });
            placed = true;
          }
        }
      }
      if (!placed) {
        setFormError(error instanceof LocalDbError ? `The appointment could not be saved: ${error.message}.` : 'The appointment could not be saved.');
      }
    }
  };

  const rooms = setup.rooms.filter((room) => room.active && room.locationId === values.locationId);
  const selectField = (name: 'typeId' | 'providerId' | 'locationId' | 'roomId', label: string, options: { value: string; label: string }[], disabled = false) => (
    <FormField
      control={form.control}
      name={name}
      render={({ field }) => (
        <FormItem>
          <FormLabel>{label}</FormLabel>
          <Select value={field.value} onValueChange={(value) => {
              field.onChange(value);
              if (name === 'typeId') {
                form.setValue('durationMinutes', setup.types.find((t) => t.id === value)?.durationMinutes ?? 30);
              }
            }}
            disabled={disabled}
          >
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
          <DialogTitle>{moving ? 'Move appointment' : 'Book appointment'}</DialogTitle>
          <DialogDescription>Times are in the clinic’s time zone ({timeZone}). Saved on this device at once, also offline.</DialogDescription>
        </DialogHeader>
        <Form {...form}>
          <form onSubmit={form.handleSubmit(onSubmit)} noValidate className="grid gap-4 sm:grid-cols-2">
            <FormField
              control={form.control}
              name="patientId"
              render={({ fieldState }) => (
                <FormItem className="sm:col-span-2">
                  <FormLabel htmlFor="booking-patient">Patient</FormLabel>
                  <PatientPicker
                    id="booking-patient"
                    practiceId={practiceId}
                    selected={patient}
                    invalid={fieldState.invalid}
                    onSelect={(chosen) => {
                      if (moving) {
                        return; // a move keeps its patient
                      }
                      setPatient(chosen);
                      form.setValue('patientId', chosen?.id ?? '', { shouldValidate: chosen !== null, shouldDirty: true });
                    }}
                  />
                  <FormMessage />
                </FormItem>
              )}
            />
            {selectField('typeId', 'Appointment type', setup.types.filter((t) => t.active || t.id === values.typeId).map((t) => ({ value: t.id, label: `${t.name} (${t.durationMinutes} min)` })), moving !== null)}
            {selectField('providerId', 'Provider', setup.providers.filter((p) => p.active || p.id === values.providerId).map((p) => ({ value: p.id, label: p.displayName })))}
            {setup.locations.length > 1 ? selectField('locationId', 'Location', setup.locations.map((l) => ({ value: l.id, label: l.name })), moving !== null) : null}
            {selectField('roomId', type?.needsRoom ? 'Room (needed)' : 'Room', [...(type?.needsRoom ? [] : [{ value: NO_ROOM, label: 'No room' }]), ...rooms.map((r) => ({ value: r.id, label: r.name }))])}
            {(['date', 'time', 'durationMinutes'] as const).map((name) => (
              <FormField
                key={name}
                control={form.control}
                name={name}
                render={({ field }) => (
                  <FormItem>
                    <FormLabel>{name === 'date' ? 'Date' : name === 'time' ? 'Start time' : 'Length (minutes)'}</FormLabel>
                    <FormControl>
                      <Input type={name === 'date' ? 'date' : name === 'time' ? 'time' : 'number'} step={name === 'time' ? 300 : name === 'durationMinutes' ? 5 : undefined} {...field} value={String(field.value ?? '')} />
                    </FormControl>
                    <FormMessage />
                  </FormItem>
                )}
              />
            ))}
            <div className="flex flex-col gap-2 sm:col-span-2">
              <div className="flex flex-wrap items-end gap-2">
                <div className="grid gap-1.5">
                  <Label htmlFor="booking-time-of-day">Time of day</Label>
                  <NativeSelect id="booking-time-of-day" className="w-40" value={timeOfDay} onChange={(event) => setTimeOfDay(event.target.value as keyof typeof TIME_OF_DAY_WINDOWS)}>
                    <option value="any">Any time</option>
                    <option value="morning">Mornings</option>
                    <option value="afternoon">Afternoons</option>
                    <option value="evening">Evenings</option>
                  </NativeSelect>
                </div>
                <Button type="button" variant="outline" onClick={findSlots} disabled={!appointments.data}>
                  <SparklesIcon aria-hidden="true" />
                  Find next available
                </Button>
              </div>
              {suggestions === null ? null : suggestions.length === 0 ? (
                <p className="text-sm text-muted-foreground">No free slot in the next 60 days for this type and provider.</p>
              ) : (
                <ul aria-label="Next available times" className="flex flex-wrap gap-2">
                  {suggestions.map((slot) => (
                    <li key={`${slot.providerId}-${slot.startsAt.toISOString()}`}>
                      <Button
                        type="button"
                        variant="secondary"
                        size="sm"
                        onClick={() => {
                          const at = formTimeOf(slot.startsAt, timeZone);
                          form.setValue('date', at.date, { shouldDirty: true });
                          form.setValue('time', at.time, { shouldDirty: true, shouldValidate: true });
                          form.setValue('providerId', slot.providerId, { shouldDirty: true });
                          form.setValue('roomId', slot.roomId ?? NO_ROOM, { shouldDirty: true });
                          setSuggestions(null);
                        }}
                      >
                        {slotLabel(slot.startsAt, timeZone)} · {setup.providers.find((p) => p.id === slot.providerId)?.displayName ?? ''}
                        {slot.roomId ? ` · ${setup.rooms.find((r) => r.id === slot.roomId)?.name ?? ''}` : ''}
                      </Button>
                    </li>
                  ))}
                </ul>
              )}
            </div>
            {moving ? null : (
              <RepeatFields
                id="booking-repeat"
                value={repeat}
                onChange={changeRepeat}
                startDate={values.date ?? ''}
                startTime={values.time ?? ''}
                durationMinutes={Number(values.durationMinutes)}
                timeZone={timeZone}
                problem={repeatProblem ?? (seriesCheck && seriesCheck.taken.length > 0 ? `Already booked for this provider or room on ${listDates(seriesCheck.taken)}.` : null)}
              />
            )}
            {problems?.outsideHours || seriesOutsideHours ? (
              <FormField
                control={form.control}
                name="outOfHoursReason"
                render={({ field }) => (
                  <FormItem className="sm:col-span-2">
                    <FormLabel>Reason to book outside working hours</FormLabel>
                    <FormControl>
                      <Input {...field} />
                    </FormControl>
                    <FormDescription>
                      {seriesOutsideHours && seriesCheck
                        ? `Outside the provider’s working hours at this location on ${listDates(seriesCheck.outsideHours)}.`
                        : 'This time is outside the provider’s working hours at this location.'}
                    </FormDescription>
                    <FormMessage />
                  </FormItem>
                )}
              />
            ) : null}
            {moving ? null : (
              <FormField
                control={form.control}
                name="notes"
                render={({ field }) => (
                  <FormItem className="sm:col-span-2">
                    <FormLabel>Notes for the front desk</FormLabel>
                    <FormControl>
                      <Textarea rows={2} {...field} />
                    </FormControl>
                    <FormDescription>Arrival and admin notes only; clinical information belongs in the chart.</FormDescription>
                    <FormMessage />
                  </FormItem>
                )}
              />
            )}
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
                {form.formState.isSubmitting ? 'Saving…' : moving ? 'Move appointment' : repeat.frequency !== 'none' ? 'Book appointments' : 'Book appointment'}
              </Button>
            </DialogFooter>
          </form>
        </Form>
      </DialogContent>
    </Dialog>
  );
};
