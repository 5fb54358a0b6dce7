'use client';

import * as React from 'react';
import { toast } from 'sonner';
import { uuidv7 } from 'uuidv7';

import { useMutate } from '@/components/local-data/use-mutate';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { matchWaitlist, type FreedSlot, type WaitlistEntryRow } from '@/lib/domain/scheduling/waitlist-matches';
import { LocalDbError } from '@/lib/local/browser/local-database';

import { listName } from '../patients/patient-names';
import { bookingProblems } from './booking-checks';
import { clockTime } from './calendar-layout';
import type { LocalAppointment, SchedulingSetup } from './schedule-types';
import { useAppointments, usePatientLabels } from './use-schedule';
import { TIME_OF_DAY_LABELS } from './waitlist-dialog';
import { dateWindowText, useWaitlist } from './waitlist-panel';

/*
 * Offering a freed slot (issue #7 §6): when an appointment in the future is cancelled or marked a
 * no-show on this device, the front desk sees the first waitlist patients who fit that time
 * (src/lib/domain/scheduling/waitlist-matches.ts) and can book one at once — offline too. Nothing
 * shows when nobody fits.
 */

type FreedSlotOfferProps = {
  practiceId: string;
  setup: SchedulingSetup;
  /** The appointment that gave up its time. */
  appointment: LocalAppointment;
  onClose: () => void;
};

/** "This slot is free: offer it to…" with the first waitlist candidates, or nothing when none fit. */
export const FreedSlotOffer = ({ practiceId, setup, appointment, onClose }: FreedSlotOfferProps) => {
  const mutate = useMutate();
  const location = setup.locations.find((l) => l.id === appointment.locationId);
  const timeZone = location?.timeZone ?? 'UTC';
  // The slot as it was freed; fixed for the offer's life (the appointment row now says cancelled).
  const [slot] = React.useState<FreedSlot>(() => ({
    providerId: appointment.providerId,
    locationId: appointment.locationId,
    roomId: appointment.roomId,
    startsAt: new Date(appointment.startsAt),
    endsAt: new Date(appointment.endsAt),
  }));
  const [inFuture] = React.useState(() => slot.startsAt.getTime() > Date.now());
  const waitlist = useWaitlist(practiceId);
  // What else is booked in that time now: someone may have taken it since it was freed.
  const around = useAppointments(practiceId, slot.startsAt, slot.endsAt);
  const activeTypes = setup.types.filter((type) => type.active);
  const candidates = inFuture && waitlist.data ? matchWaitlist({ slot, timeZone, entries: waitlist.data, types: activeTypes, excludePatientId: appointment.patientId }) : [];
  const labels = usePatientLabels(practiceId, candidates.map((entry) => entry.patientId));
  const [busy, setBusy] = React.useState(false);
  const [error, setError] = React.useState<string | null>(null);

  if (candidates.length === 0) {
    return null;
  }
  const provider = setup.providers.find((p) => p.id === slot.providerId);
  const room = setup.rooms.find((r) => r.id === slot.roomId);
  const nameOf = (entry: WaitlistEntryRow) => {
    const patient = labels.data?.get(entry.patientId);
    return patient ? listName(patient) : 'Patient';
  };
  const endFor = (entry: WaitlistEntryRow) => {
    const minutes = activeTypes.find((t) => t.id === entry.typeId)?.durationMinutes ?? 0;
    return new Date(slot.startsAt.getTime() + minutes * 60_000);
  };
  const day = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'long', month: 'long', day: 'numeric' }).format(slot.startsAt);

  const book = async (entry: WaitlistEntryRow) => {
    setError(null);
    const endsAt = endFor(entry);
    const problems = around.data ? bookingProblems({ setup, appointments: around.data, candidate: { providerId: slot.providerId, roomId: slot.roomId, locationId: slot.locationId, startsAt: slot.startsAt, endsAt }, timeZone }) : null;
    if (problems && problems.taken.length > 0) {
      setError('This time has been booked since it was freed. Nothing was changed.');
      return;
    }
    // A slot outside working hours was booked with a reason; the same reason carries over, and
    // without one the booking belongs in the booking dialog, which asks for it.
    const outOfHoursReason = problems?.outsideHours ? appointment.outOfHoursReason : null;
    if (problems?.outsideHours && outOfHoursReason === null) {
      setError('This time is outside the provider’s working hours. Book it from the calendar, which asks for a reason.');
      return;
    }
    setBusy(true);
    try {
      await mutate('appointments.book', {
        practiceId,
        id: uuidv7(),
        patientId: entry.patientId,
        providerId: slot.providerId,
        locationId: slot.locationId,
        roomId: slot.roomId,
        typeId: entry.typeId,
        startsAt: slot.startsAt.toISOString(),
        endsAt: endsAt.toISOString(),
        notes: null,
        outOfHoursReason,
        waitlistEntryId: entry.id,
      });
      toast.success(`Booked ${nameOf(entry)}`, { description: `${day}, ${clockTime(slot.startsAt.toISOString(), timeZone)}. Off the waitlist; saved on this device.` });
      onClose();
    } catch (caught) {
      setError(caught instanceof LocalDbError ? `The appointment could not be booked: ${caught.message}.` : 'The appointment could not be booked.');
      setBusy(false);
    }
  };

  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogContent className="sm:max-w-lg">
        <DialogHeader>
          <DialogTitle>This slot is free: offer it to…</DialogTitle>
          <DialogDescription>
            {day}, {clockTime(slot.startsAt.toISOString(), timeZone)}–{clockTime(slot.endsAt.toISOString(), timeZone)} with {provider?.displayName ?? 'the provider'}
            {room ? `, ${room.name}` : ''}. Patients on the waitlist who fit, longest waiting first.
          </DialogDescription>
        </DialogHeader>
        <ol aria-label="Waitlist patients who fit" className="grid gap-2">
          {candidates.map((entry, index) => {
            const type = activeTypes.find((t) => t.id === entry.typeId);
            return (
              <li key={entry.id} className="flex flex-wrap items-center justify-between gap-2 rounded-md border p-3">
                <div className="grid gap-0.5 text-sm">
                  <span className="font-medium">
                    {index + 1}. {nameOf(entry)}
                  </span>
                  <span className="text-muted-foreground">
                    {type?.name ?? 'Appointment'}, {clockTime(slot.startsAt.toISOString(), timeZone)}–{clockTime(endFor(entry).toISOString(), timeZone)} · {TIME_OF_DAY_LABELS[entry.timeOfDay]} · {dateWindowText(entry)}
                  </span>
                  {entry.note ? <span className="whitespace-pre-wrap">Note: {entry.note}</span> : null}
                </div>
                <Button size="sm" disabled={busy} onClick={() => void book(entry)}>
                  Book {nameOf(entry)}
                </Button>
              </li>
            );
          })}
        </ol>
        {error !== null ? (
          <p role="alert" className="text-sm font-medium text-destructive">
            {error}
          </p>
        ) : null}
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="outline">Not now</Button>
          </DialogClose>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
};
