'use client';

import '@/lib/utils/zod-jitless';

import { zodResolver } from '@hookform/resolvers/zod';
import * as React from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { toast } from 'sonner';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';

import { useLocalQuery } from '@/components/local-data/use-local-query';
import { useMutate } from '@/components/local-data/use-mutate';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from '@/components/ui/form';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { describeRule } from '@/lib/domain/scheduling/recurrence';
import { ZLocalTime, type TEditSeries } from '@/lib/domain/scheduling/schemas';
import type { SeriesFields } from '@/lib/domain/scheduling/series-plan';
import { isReschedulable } from '@/lib/domain/scheduling/status';
import { LocalDbError } from '@/lib/local/browser/local-database';

import { formTimeOf } from './slot-search';
import { RepeatFields } from './repeat-fields';
import { checkRepeat, fromRule, listDates, occurrenceSpan, remainingRule, seriesOccurrences, seriesProblems, shortDate, type RepeatModel } from './repeat-rule';
import type { LocalAppointment, SchedulingSetup } from './schedule-types';
import { useAppointments } from './use-schedule';

/*
 * Changing a recurring series (issue #7 §2) from one of its appointments: this one only (the move
 * flow: the appointment leaves the series' later edits), this and following (the series ends the
 * day before, a new one starts with the changes), all upcoming (from today, so past visits stay), or
 * cancelling this and the following ones. The device applies the edit at once; the server checks
 * every occurrence again and changes all of them or none.
 */

const NO_ROOM = 'none';

/** A series row as the device holds it (the synced JSON). */
type LocalSeries = SeriesFields & { deletedAt?: string | null };

/** The series of an appointment, read from this device's `appointment_series` table; null when it is not here. */
const useSeries = (practiceId: string, seriesId: string) =>
  useLocalQuery(['scheduling', 'series', seriesId], ['appointment_series'], async (db): Promise<LocalSeries | null> => {
    const row = await db.get<{ data: string }>('select data from appointment_series where practice_id = ? and id = ?', [practiceId, seriesId]);
    const series = row ? (JSON.parse(row.data) as LocalSeries) : null;
    return series && !series.deletedAt ? series : null;
  });

/** The appointment's date in its series: its original date, which stays when it alone was moved. */
const occurrenceDateOf = (appointment: LocalAppointment, timeZone: string): string =>
  appointment.occurrenceDate ?? formTimeOf(new Date(appointment.startsAt), timeZone).date;

const ZSeriesChangeForm = z.object({
  startTime: ZLocalTime,
  durationMinutes: z.coerce.number({ error: 'expected minutes' }).int({ error: 'whole minutes' }).min(5, { error: 'at least 5 minutes' }).max(480, { error: 'at most 8 hours' }),
  providerId: z.string().min(1, { error: 'choose a provider' }),
  roomId: z.string(),
  outOfHoursReason: z.string().max(500, { error: 'at most 500 characters' }),
});
type TSeriesChangeFormInput = z.input<typeof ZSeriesChangeForm>;
type TSeriesChangeForm = z.output<typeof ZSeriesChangeForm>;

type Scope = TEditSeries['scope'];
type Step = 'choose' | Scope | 'cancel';

type SeriesEditDialogProps = {
  practiceId: string;
  setup: SchedulingSetup;
  /** The appointment the series was opened from (it has a `seriesId`). */
  appointment: LocalAppointment;
  /** "Change this appointment only": the move flow for this appointment. */
  onMoveOne: () => void;
  /** Back to the appointment, nothing changed. */
  onClose: () => void;
  /** After a change was saved. */
  onSaved: () => void;
};

/** Chooses what to change in an appointment's recurring series, and changes it. */
export const SeriesEditDialog = ({ practiceId, setup, appointment, onMoveOne, onClose, onSaved }: SeriesEditDialogProps) => {
  const seriesId = appointment.seriesId ?? '';
  const series = useSeries(practiceId, seriesId);
  const [step, setStep] = React.useState<Step>('choose');
  const location = setup.locations.find((l) => l.id === appointment.locationId);
  const timeZone = series.data?.timeZone ?? location?.timeZone ?? 'UTC';
  const occurrenceDate = occurrenceDateOf(appointment, timeZone);
  const today = formTimeOf(new Date(), timeZone).date;

  const title = step === 'following' ? 'Change this and following' : step === 'all' ? 'Change all upcoming' : step === 'cancel' ? 'Cancel this and following' : 'Edit recurring series';
  const description =
    step === 'following'
      ? `From ${shortDate(occurrenceDate, true)} on; earlier appointments stay as they are.`
      : step === 'all'
        ? `Every appointment of the series from today (${shortDate(today, true)}) on; past visits stay as they are.`
        : step === 'cancel'
          ? `The appointments from ${shortDate(occurrenceDate, true)} on that have not started are cancelled.`
          : series.data
            ? `${describeRule(series.data.rule)}. Times are in the clinic’s time zone (${timeZone}).`
            : 'Part of a recurring series.';

  let body: React.ReactNode;
  if (series.isPending) {
    body = <p className="text-sm text-muted-foreground">Reading the series…</p>;
  } else if (!series.data) {
    body = (
      <>
        <p className="text-sm">This series is not on this device (yet). Change this appointment on its own, or try again after the next sync.</p>
        <DialogFooter>
          <Button variant="outline" onClick={onClose}>
            Back
          </Button>
        </DialogFooter>
      </>
    );
  } else if (step === 'choose') {
    body = (
      <div className="grid gap-2">
        <Button variant="outline" className="justify-start" disabled={!isReschedulable(appointment.status)} onClick={onMoveOne}>
          Change this appointment only
        </Button>
        <Button variant="outline" className="justify-start" onClick={() => setStep('following')}>
          This and following
        </Button>
        <Button variant="outline" className="justify-start" onClick={() => setStep('all')}>
          All upcoming
        </Button>
        <Button variant="outline" className="justify-start text-destructive" onClick={() => setStep('cancel')}>
          Cancel this and following…
        </Button>
        <DialogFooter>
          <Button variant="ghost" onClick={onClose}>
            Back
          </Button>
        </DialogFooter>
      </div>
    );
  } else if (step === 'cancel') {
    body = <CancelSeriesForm practiceId={practiceId} seriesId={seriesId} fromDate={occurrenceDate} onBack={() => setStep('choose')} onSaved={onSaved} />;
  } else {
    body = (
      <SeriesChangeForm
        key={step}
        practiceId={practiceId}
        setup={setup}
        series={series.data}
        scope={step}
        fromDate={step === 'all' ? today : occurrenceDate}
        onBack={() => setStep('choose')}
        onSaved={onSaved}
      />
    );
  }

  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogContent className="max-h-[90dvh] overflow-y-auto sm:max-w-2xl">
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          <DialogDescription>{description}</DialogDescription>
        </DialogHeader>
        {body}
      </DialogContent>
    </Dialog>
  );
};

type SeriesChangeFormProps = {
  practiceId: string;
  setup: SchedulingSetup;
  series: LocalSeries;
  scope: Scope;
  /** The occurrence's date ("this and following") or today ("all upcoming"). */
  fromDate: string;
  onBack: () => void;
  onSaved: () => void;
};

/** Start time, length, provider, room and repeat of the series from `fromDate`; → appointment_series.edit. */
const SeriesChangeForm = ({ practiceId, setup, series, scope, fromDate, onBack, onSaved }: SeriesChangeFormProps) => {
  const mutate = useMutate();
  const { timeZone } = series;
  // "This and following" starts a new series on the occurrence, whose COUNT is what is left of the old one.
  const [base] = React.useState(() => {
    const rule = scope === 'following' ? remainingRule(series, fromDate) : series.rule.trim().toUpperCase();
    const ruleStart = scope === 'following' ? fromDate : series.startDate;
    return { rule, ruleStart, model: fromRule(rule, ruleStart) };
  });
  const [repeat, setRepeat] = React.useState<RepeatModel | null>(base.model);
  const [repeatProblem, setRepeatProblem] = React.useState<string | null>(null);
  const [formError, setFormError] = React.useState<string | null>(null);
  const changeRepeat = React.useCallback((next: RepeatModel) => {
    setRepeat(next);
    setRepeatProblem(null);
  }, []);

  const form = useForm<TSeriesChangeFormInput, unknown, TSeriesChangeForm>({
    resolver: zodResolver(ZSeriesChangeForm),
    defaultValues: { startTime: series.startTime, durationMinutes: series.durationMinutes, providerId: series.providerId, roomId: series.roomId ?? NO_ROOM, outOfHoursReason: '' },
  });
  const values = useWatch({ control: form.control });
  const type = setup.types.find((t) => t.id === series.typeId);

  const repeatCheck = repeat === null ? null : checkRepeat(repeat, { startDate: base.ruleStart, startTime: values.startTime ?? '', timeZone });
  const rule = repeat === null ? base.rule : (repeatCheck?.rule ?? null);

  // The occurrences the edit would make, checked here as bookings (the server checks them again).
  const occurrences = React.useMemo(
    () =>
      rule === null
        ? null
        : seriesOccurrences({
            rule,
            startDate: base.ruleStart,
            startTime: values.startTime ?? '',
            durationMinutes: Number(values.durationMinutes),
            timeZone,
            ...(scope === 'all' ? { exceptionDates: series.exceptionDates } : {}),
            fromDate,
          }),
    [rule, base.ruleStart, values.startTime, values.durationMinutes, timeZone, scope, series.exceptionDates, fromDate],
  );
  const span = (occurrences ? occurrenceSpan(occurrences) : null) ?? { from: new Date(0), to: new Date(0) };
  const appointments = useAppointments(practiceId, span.from, span.to);
  const problems = React.useMemo(() => {
    if (!occurrences || !appointments.data || appointments.isPlaceholderData || !values.providerId) {
      return null;
    }
    const slot = { providerId: values.providerId, roomId: values.roomId === NO_ROOM || !values.roomId ? null : values.roomId, locationId: series.locationId };
    // The series' own appointments move or stay with the edit: they are not in its way.
    return seriesProblems({ setup, appointments: appointments.data, occurrences, slot, timeZone, ignoreSeriesId: series.id });
  }, [occurrences, appointments.data, appointments.isPlaceholderData, values.providerId, values.roomId, series.locationId, series.id, setup, timeZone]);
  const outsideHours = problems?.outsideHours ?? [];

  const onSubmit = async (data: TSeriesChangeForm) => {
    setFormError(null);
    setRepeatProblem(null);
    if (rule === null) {
      setRepeatProblem('Correct the repeat above.');
      return;
    }
    const roomId = data.roomId === NO_ROOM ? null : data.roomId;
    const changes: TEditSeries['changes'] = {
      ...(data.providerId === series.providerId ? {} : { providerId: data.providerId }),
      ...(roomId === series.roomId ? {} : { roomId }),
      ...(data.startTime === series.startTime ? {} : { startTime: data.startTime }),
      ...(data.durationMinutes === series.durationMinutes ? {} : { durationMinutes: data.durationMinutes }),
      // The new series of "this and following" always takes its own rule (an unchanged COUNT would start over).
      ...(scope === 'following' || rule !== base.rule ? { rule } : {}),
    };
    const changed = Object.keys(changes).filter((key) => key !== 'rule' || rule !== base.rule);
    if (changed.length === 0) {
      setFormError('Nothing has changed yet.');
      return;
    }
    if (occurrences?.length === 0) {
      setRepeatProblem('No appointment is left from this date with this repeat.');
      return;
    }
    if (problems === null) {
      setFormError('Still checking these dates against the calendar: try again in a moment.');
      return;
    }
    if (problems.taken.length > 0) {
      setFormError(`Already booked for this provider or room on ${listDates(problems.taken)}. The whole change is saved or none of it: pick another time, provider or room.`);
      return;
    }
    const outOfHoursReason = data.outOfHoursReason.trim() === '' ? null : data.outOfHoursReason.trim();
    if (problems.outsideHours.length > 0 && outOfHoursReason === null) {
      form.setError('outOfHoursReason', { message: `Outside the provider's working hours on ${listDates(problems.outsideHours)}: give a reason to change anyway` }, { shouldFocus: true });
      return;
    }
    try {
      await mutate('appointment_series.edit', {
        practiceId,
        seriesId: series.id,
        scope,
        fromDate,
        newSeriesId: scope === 'following' ? uuidv7() : null,
        changes,
        outOfHoursReason,
      } satisfies TEditSeries);
      toast.success('Series changed', { description: 'Saved on this device; it syncs when the network allows.' });
      onSaved();
    } catch (error) {
      let placed = false;
      if (error instanceof LocalDbError && error.code === 'invalid_mutation') {
        for (const field of error.fields ?? []) {
          const path = field.path.replace(/^changes\./, '');
          if (path === 'rule') {
            setRepeatProblem(`This repeat cannot be saved: ${field.message}`);
            placed = true;
          } else if (path in ZSeriesChangeForm.shape) {
            form.setError(path as keyof TSeriesChangeFormInput, { message: field.message }, { shouldFocus: !placed });
            placed = true;
          }
        }
      }
      if (!placed) {
        setFormError(error instanceof LocalDbError ? `The series could not be changed: ${error.message}.` : 'The series could not be changed.');
      }
    }
  };

  const rooms = setup.rooms.filter((room) => room.active && room.locationId === series.locationId);
  const roomOptions = [...(type?.needsRoom ? [] : [{ value: NO_ROOM, label: 'No room' }]), ...rooms.map((r) => ({ value: r.id, label: r.name }))];
  const providerOptions = setup.providers.filter((p) => p.active || p.id === values.providerId).map((p) => ({ value: p.id, label: p.displayName }));
  const selectField = (name: 'providerId' | 'roomId', label: string, options: { value: string; label: string }[]) => (
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
    <Form {...form}>
      <form onSubmit={form.handleSubmit(onSubmit)} noValidate className="grid gap-4 sm:grid-cols-2">
        {(['startTime', 'durationMinutes'] as const).map((name) => (
          <FormField
            key={name}
            control={form.control}
            name={name}
            render={({ field }) => (
              <FormItem>
                <FormLabel>{name === 'startTime' ? 'Start time' : 'Length (minutes)'}</FormLabel>
                <FormControl>
                  <Input type={name === 'startTime' ? 'time' : 'number'} step={name === 'startTime' ? 300 : 5} {...field} value={String(field.value ?? '')} />
                </FormControl>
                <FormMessage />
              </FormItem>
            )}
          />
        ))}
        {selectField('providerId', 'Provider', providerOptions)}
        {selectField('roomId', type?.needsRoom ? 'Room (needed)' : 'Room', roomOptions)}
        {repeat === null ? (
          <div className="grid gap-1 sm:col-span-2">
            <p className="text-sm font-medium">Repeat</p>
            <p className="text-sm text-muted-foreground">{describeRule(base.rule)}. This repeat is kept as it is: only daily, weekly and monthly repeats can be changed here.</p>
            {repeatProblem === null ? null : (
              <p role="alert" className="text-sm font-medium text-destructive">
                {repeatProblem}
              </p>
            )}
          </div>
        ) : (
          <RepeatFields
            id={`series-${scope}-repeat`}
            value={repeat}
            onChange={changeRepeat}
            startDate={base.ruleStart}
            startTime={values.startTime ?? ''}
            durationMinutes={Number(values.durationMinutes)}
            timeZone={timeZone}
            fromDate={fromDate}
            allowNone={false}
            problem={repeatProblem ?? (problems && problems.taken.length > 0 ? `Already booked for this provider or room on ${listDates(problems.taken)}.` : null)}
          />
        )}
        {outsideHours.length > 0 ? (
          <FormField
            control={form.control}
            name="outOfHoursReason"
            render={({ field }) => (
              <FormItem className="sm:col-span-2">
                <FormLabel>Reason to book outside working hours</FormLabel>
                <FormControl>
                  <Input {...field} />
                </FormControl>
                <FormDescription>Outside the provider’s working hours at this location on {listDates(outsideHours)}.</FormDescription>
                <FormMessage />
              </FormItem>
            )}
          />
        ) : null}
        {formError !== null && (
          <p role="alert" className="text-sm font-medium text-destructive sm:col-span-2">
            {formError}
          </p>
        )}
        <DialogFooter className="sm:col-span-2">
          <Button type="button" variant="outline" onClick={onBack}>
            Back
          </Button>
          <Button type="submit" disabled={form.formState.isSubmitting}>
            {form.formState.isSubmitting ? 'Saving…' : 'Save changes'}
          </Button>
        </DialogFooter>
      </form>
    </Form>
  );
};

/** "Cancel this and following…": a reason, then appointment_series.cancel from the occurrence's date. */
const CancelSeriesForm = ({ practiceId, seriesId, fromDate, onBack, onSaved }: { practiceId: string; seriesId: string; fromDate: string; onBack: () => void; onSaved: () => void }) => {
  const mutate = useMutate();
  const [reason, setReason] = React.useState('');
  const [error, setError] = React.useState<string | null>(null);
  const [saving, setSaving] = React.useState(false);

  const cancel = async () => {
    if (reason.trim() === '') {
      setError('Say why they are cancelled');
      return;
    }
    setSaving(true);
    try {
      await mutate('appointment_series.cancel', { practiceId, seriesId, fromDate, reason: reason.trim() });
      toast.success('Appointments cancelled', { description: 'Saved on this device; it syncs when the network allows.' });
      onSaved();
    } catch (caught) {
      const field = caught instanceof LocalDbError ? caught.fields?.find((f) => f.path === 'reason') : undefined;
      setError(field ? field.message : caught instanceof LocalDbError ? `The appointments could not be cancelled: ${caught.message}.` : 'The appointments could not be cancelled.');
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      noValidate
      className="grid gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        void cancel();
      }}
    >
      <Label htmlFor="series-cancel-reason">Why are they cancelled?</Label>
      <Input
        id="series-cancel-reason"
        value={reason}
        maxLength={500}
        aria-invalid={error !== null}
        aria-describedby={error ? 'series-cancel-reason-error' : undefined}
        onChange={(event) => setReason(event.target.value)}
        autoFocus
      />
      {error ? (
        <p id="series-cancel-reason-error" className="text-sm font-medium text-destructive">
          {error}
        </p>
      ) : null}
      <DialogFooter>
        <Button type="button" variant="outline" onClick={onBack}>
          Keep appointments
        </Button>
        <Button type="submit" variant="destructive" disabled={saving}>
          {saving ? 'Cancelling…' : 'Cancel these appointments'}
        </Button>
      </DialogFooter>
    </form>
  );
};
