'use client';

import * as React from 'react';
import { toast } from 'sonner';

import { useMutate } from '@/components/local-data/use-mutate';
import { Button } from '@/components/ui/button';
import { ZBookAppointment, ZRescheduleAppointment } from '@/lib/domain/scheduling/schemas';

import { searchRange, suggestSlots } from './slot-search';
import { clockTime } from './calendar-layout';
import { useAppointments, useSchedulingSetup } from './use-schedule';

/*
 * "Pick another time" for a booking or move that found its slot taken while it was on its way
 * (issue #7 §3): the next free slots for the same type and provider, computed on this device, and
 * booking one resolves the conflict (`conflicts.resolve`, merged: the new times) — offline too.
 */

type SlotTakenPanelProps = {
  practiceId: string;
  conflictId: string;
  mutationName: string;
  mine: Record<string, unknown>;
  canWrite: boolean;
  onResolved: () => void;
};

/** The booking or move the conflict holds, read with its own schema; null when it is something else. */
const wanted = (mutationName: string, mine: Record<string, unknown>) => {
  if (mutationName === 'appointments.book') {
    const parsed = ZBookAppointment.safeParse(mine);
    return parsed.success ? { ...parsed.data, appointmentId: parsed.data.id } : null;
  }
  if (mutationName === 'appointments.reschedule') {
    const parsed = ZRescheduleAppointment.safeParse(mine);
    return parsed.success ? { ...parsed.data, typeId: null, locationId: null } : null;
  }
  return null;
};

export const SlotTakenPanel = ({ practiceId, conflictId, mutationName, mine, canWrite, onResolved }: SlotTakenPanelProps) => {
  const mutate = useMutate();
  const setup = useSchedulingSetup(practiceId);
  const booking = wanted(mutationName, mine);
  const location = setup.data?.locations.find((l) => l.id === booking?.locationId) ?? setup.data?.locations[0];
  const timeZone = location?.timeZone ?? 'UTC';
  // The next free times after the one wanted (or from now, when that has passed).
  const [searchFrom] = React.useState(() => new Date(Math.max(Date.now(), booking ? Date.parse(booking.startsAt) : 0)));
  const range = React.useMemo(() => searchRange(searchFrom, timeZone), [searchFrom, timeZone]);
  const appointments = useAppointments(practiceId, range.from, range.to);
  const [busy, setBusy] = React.useState(false);

  if (!booking) {
    return null;
  }
  const moved = booking.typeId === null ? appointments.data?.find((a) => a.id === booking.appointmentId) : undefined;
  const typeId = booking.typeId ?? moved?.typeId ?? null;
  const locationId = booking.locationId ?? moved?.locationId ?? location?.id ?? null;
  const minutes = Math.round((Date.parse(booking.endsAt) - Date.parse(booking.startsAt)) / 60_000);
  const slots =
    setup.data && appointments.data && typeId && locationId
      ? suggestSlots({ setup: setup.data, appointments: appointments.data, from: searchFrom, typeId, providerIds: [booking.providerId], locationId, excludeAppointmentId: booking.appointmentId })
      : null;
  const when = (iso: string) =>
    new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', month: 'short', day: 'numeric' }).format(new Date(iso)) + `, ${clockTime(iso, timeZone)}`;

  const book = async (startsAt: Date, providerId: string, roomId: string | null) => {
    setBusy(true);
    try {
      const endsAt = new Date(startsAt.getTime() + minutes * 60_000);
      await mutate('conflicts.resolve', {
        practiceId,
        conflictId,
        resolution: 'merged',
        values: { startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), providerId, roomId },
      });
      toast.success('Booked at the new time', { description: 'Saved on this device; it syncs when the network allows.' });
      onResolved();
    } catch {
      toast.error('The new time could not be booked.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="slot-taken-title" className="grid gap-2 rounded-md border p-3">
      <h3 id="slot-taken-title" className="text-sm font-semibold">
        Wanted: {when(booking.startsAt)} with {setup.data?.providers.find((p) => p.id === booking.providerId)?.displayName ?? 'the provider'}
      </h3>
      {canWrite ? (
        <>
          <p className="text-sm text-muted-foreground">Pick another time: the next free slots for the same type and provider.</p>
          {slots === null ? (
            <p className="text-sm text-muted-foreground">Looking for free times…</p>
          ) : slots.length === 0 ? (
            <p className="text-sm text-muted-foreground">No free slot in the next 60 days; book it from the schedule.</p>
          ) : (
            <ul aria-label="Free times" className="flex flex-wrap gap-2">
              {slots.map((slot) => (
                <li key={slot.startsAt.toISOString()}>
                  <Button size="sm" variant="secondary" disabled={busy} onClick={() => void book(slot.startsAt, slot.providerId, slot.roomId)}>
                    Book {when(slot.startsAt.toISOString())}
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </>
      ) : null}
    </section>
  );
};
