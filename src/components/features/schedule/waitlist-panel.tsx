'use client';

import { CalendarCheckIcon, ListPlusIcon, UserMinusIcon } from 'lucide-react';
import * as React from 'react';
import { toast } from 'sonner';
import { uuidv7 } from 'uuidv7';

import { useLocalQuery } from '@/components/local-data/use-local-query';
import { useMutate } from '@/components/local-data/use-mutate';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { Skeleton } from '@/components/ui/skeleton';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { Slot } from '@/lib/domain/scheduling/availability';
import { TIME_OF_DAY_WINDOWS } from '@/lib/domain/scheduling/schemas';
import { waitingEntries, type WaitlistEntryRow } from '@/lib/domain/scheduling/waitlist-matches';
import { instantToZoned, zonedToInstant } from '@/lib/domain/scheduling/zoned-time';
import { LocalDbError } from '@/lib/local/browser/local-database';

import { listName } from '../patients/patient-names';
import { searchRange, suggestSlots } from './slot-search';
import { clockTime } from './calendar-layout';
import type { SchedulingSetup } from './schedule-types';
import { useAppointments, usePatientLabels } from './use-schedule';
import { TIME_OF_DAY_LABELS, WaitlistDialog } from './waitlist-dialog';

/*
 * The waitlist (issue #7 §6): patients waiting for a type, provider and time window, longest
 * waiting first — read from this device's database, so it works offline. Booking from it finds the
 * next free times that fit the entry and books one with the entry's id, which takes it off the list.
 */

/** The practice's waiting entries, longest waiting first. */
export const useWaitlist = (practiceId: string) =>
  useLocalQuery(['scheduling', 'waitlist', practiceId], ['waitlist_entries'], async (db) => {
    const rows = await db.all<{ data: string }>(
      `select data from waitlist_entries where practice_id = ? and json_extract(data, '$.status') = 'waiting' and json_extract(data, '$.deletedAt') is null`,
      [practiceId],
    );
    return waitingEntries(rows.map((row) => JSON.parse(row.data) as WaitlistEntryRow));
  });

const shortDate = (date: string) => new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric', year: 'numeric' }).format(new Date(`${date}T12:00:00Z`));

/** "From Dec 7, 2026 to Dec 18, 2026", or "From Dec 7, 2026, no end". */
export const dateWindowText = (entry: Pick<WaitlistEntryRow, 'earliestDate' | 'latestDate'>) =>
  entry.latestDate === null ? `From ${shortDate(entry.earliestDate)}, no end date` : `${shortDate(entry.earliestDate)} to ${shortDate(entry.latestDate)}`;

const slotText = (startsAt: Date, timeZone: string) =>
  `${new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', month: 'short', day: 'numeric' }).format(startsAt)}, ${clockTime(startsAt.toISOString(), timeZone)}`;

type WaitlistPanelProps = {
  practiceId: string;
  setup: SchedulingSetup;
  /** The zone of the location the schedule shows (for "today" and entries with any location). */
  timeZone: string;
  canWrite: boolean;
};

/** The "Waitlist" tab: who is waiting for what, and adding, booking and removing entries. */
export const WaitlistPanel = ({ practiceId, setup, timeZone, canWrite }: WaitlistPanelProps) => {
  const waitlist = useWaitlist(practiceId);
  const entries = waitlist.data ?? [];
  const labels = usePatientLabels(practiceId, entries.map((entry) => entry.patientId));
  const [adding, setAdding] = React.useState(false);
  const [booking, setBooking] = React.useState<WaitlistEntryRow | null>(null);
  const [removing, setRemoving] = React.useState<WaitlistEntryRow | null>(null);

  const nameOf = (entry: WaitlistEntryRow) => {
    const patient = labels.data?.get(entry.patientId);
    return patient ? listName(patient) : 'Patient';
  };
  const typeOf = (entry: WaitlistEntryRow) => setup.types.find((t) => t.id === entry.typeId);

  return (
    <section aria-labelledby="waitlist-title" className="grid gap-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h3 id="waitlist-title" className="text-base font-semibold">
            Waitlist
          </h3>
          <p className="text-sm text-muted-foreground">Longest waiting first. When an appointment is cancelled, the first patients who fit are offered the time.</p>
        </div>
        {canWrite ? (
          <Button onClick={() => setAdding(true)}>
            <ListPlusIcon aria-hidden="true" />
            Add to waitlist
          </Button>
        ) : null}
      </div>

      {waitlist.isPending ? (
        <Skeleton className="h-40 w-full" aria-label="Loading the waitlist" />
      ) : entries.length === 0 ? (
        <EmptyState icon={ListPlusIcon} title="Nobody is waiting" description="Patients who want an earlier or a specific time can be added to the waitlist." />
      ) : (
        <Table aria-labelledby="waitlist-title">
          <TableHeader>
            <TableRow>
              <TableHead>Patient</TableHead>
              <TableHead>Wants</TableHead>
              <TableHead>Dates</TableHead>
              <TableHead>Time of day</TableHead>
              <TableHead>Note</TableHead>
              <TableHead>Waiting since</TableHead>
              {canWrite ? (
                <TableHead>
                  <span className="sr-only">Actions</span>
                </TableHead>
              ) : null}
            </TableRow>
          </TableHeader>
          <TableBody>
            {entries.map((entry) => {
              const type = typeOf(entry);
              const provider = setup.providers.find((p) => p.id === entry.providerId);
              const location = setup.locations.find((l) => l.id === entry.locationId);
              return (
                <TableRow key={entry.id}>
                  <TableCell className="font-medium">{nameOf(entry)}</TableCell>
                  <TableCell>
                    <div>{type ? `${type.name} (${type.durationMinutes} min)` : 'Unknown type'}</div>
                    <div className="text-xs text-muted-foreground">
                      {entry.providerId === null ? 'Any provider' : (provider?.displayName ?? 'Unknown provider')}
                      {setup.locations.length > 1 || entry.locationId !== null ? ` · ${entry.locationId === null ? 'Any location' : (location?.name ?? 'Unknown location')}` : ''}
                    </div>
                  </TableCell>
                  <TableCell>{dateWindowText(entry)}</TableCell>
                  <TableCell>{TIME_OF_DAY_LABELS[entry.timeOfDay]}</TableCell>
                  <TableCell className="max-w-56 whitespace-pre-wrap">{entry.note ?? <span className="text-muted-foreground">None</span>}</TableCell>
                  <TableCell>
                    <time dateTime={entry.createdAt}>{shortDate(instantToZoned(new Date(entry.createdAt), timeZone).date)}</time>
                  </TableCell>
                  {canWrite ? (
                    <TableCell>
                      <div className="flex justify-end gap-2">
                        <Button size="sm" onClick={() => setBooking(entry)}>
                          <CalendarCheckIcon aria-hidden="true" />
                          Book<span className="sr-only"> {nameOf(entry)}</span>
                        </Button>
                        <Button size="sm" variant="outline" onClick={() => setRemoving(entry)}>
                          <UserMinusIcon aria-hidden="true" />
                          Remove<span className="sr-only"> {nameOf(entry)}</span>
                        </Button>
                      </div>
                    </TableCell>
                  ) : null}
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}

      {adding ? <WaitlistDialog practiceId={practiceId} setup={setup} timeZone={timeZone} onClose={() => setAdding(false)} /> : null}
      {booking ? <BookFromWaitlistDialog key={booking.id} practiceId={practiceId} setup={setup} timeZone={timeZone} entry={booking} patientName={nameOf(booking)} onClose={() => setBooking(null)} /> : null}
      {removing ? <RemoveFromWaitlistDialog practiceId={practiceId} entry={removing} patientName={nameOf(removing)} onClose={() => setRemoving(null)} /> : null}
    </section>
  );
};

/** Asks before taking a patient off the waitlist. */
const RemoveFromWaitlistDialog = ({ practiceId, entry, patientName, onClose }: { practiceId: string; entry: WaitlistEntryRow; patientName: string; onClose: () => void }) => {
  const mutate = useMutate();
  const [busy, setBusy] = React.useState(false);
  const remove = async () => {
    setBusy(true);
    try {
      await mutate('waitlist.remove', { practiceId, entryId: entry.id });
      toast.success('Removed from the waitlist', { description: 'Saved on this device; it syncs when the network allows.' });
      onClose();
    } catch (error) {
      toast.error(error instanceof LocalDbError ? `The entry could not be removed: ${error.message}.` : 'The entry could not be removed.');
      setBusy(false);
    }
  };
  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogContent className="sm:max-w-md">
        <DialogHeader>
          <DialogTitle>Remove {patientName} from the waitlist?</DialogTitle>
          <DialogDescription>They will no longer be offered freed times. Their appointments are not affected.</DialogDescription>
        </DialogHeader>
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="outline">Keep on waitlist</Button>
          </DialogClose>
          <Button variant="destructive" disabled={busy} onClick={() => void remove()}>
            {busy ? 'Removing…' : 'Remove from waitlist'}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
};

type BookFromWaitlistProps = { practiceId: string; setup: SchedulingSetup; timeZone: string; entry: WaitlistEntryRow; patientName: string; onClose: () => void };

/**
 * The next free times that fit a waitlist entry — its type, provider (or any), location (or any),
 * dates and time of day — and booking one with the entry's id.
 */
const BookFromWaitlistDialog = ({ practiceId, setup, timeZone, entry, patientName, onClose }: BookFromWaitlistProps) => {
  const mutate = useMutate();
  const [busy, setBusy] = React.useState(false);
  const [error, setError] = React.useState<string | null>(null);
  const zoneOf = (locationId: string) => setup.locations.find((l) => l.id === locationId)?.timeZone ?? timeZone;
  const entryZone = entry.locationId === null ? timeZone : zoneOf(entry.locationId);
  // Fixed for the dialog's life: from now, or from the first day the patient wants.
  const [from] = React.useState(() => new Date(Math.max(Date.now(), zonedToInstant(entry.earliestDate, '00:00', entryZone).getTime())));
  const [range] = React.useState(() => searchRange(from, entryZone));
  const appointments = useAppointments(practiceId, range.from, range.to);
  const type = setup.types.find((t) => t.id === entry.typeId);

  const slots = React.useMemo((): Slot[] | null => {
    if (!appointments.data) {
      return null;
    }
    const zone = (locationId: string) => setup.locations.find((l) => l.id === locationId)?.timeZone ?? timeZone;
    const window = TIME_OF_DAY_WINDOWS[entry.timeOfDay];
    const providerIds = entry.providerId !== null ? [entry.providerId] : setup.providers.filter((p) => p.active).map((p) => p.id);
    const locationIds = entry.locationId !== null ? [entry.locationId] : setup.locations.map((l) => l.id);
    return locationIds
      .flatMap((locationId) =>
        suggestSlots({ setup, appointments: appointments.data, from, typeId: entry.typeId, providerIds, locationId, ...(window ? { timeOfDay: window } : {}) }),
      )
      .filter((slot) => entry.latestDate === null || instantToZoned(slot.startsAt, zone(slot.locationId)).date <= entry.latestDate)
      .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
      .slice(0, 5);
  }, [appointments.data, entry, setup, from, timeZone]);

  const book = async (slot: Slot) => {
    setBusy(true);
    setError(null);
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
        endsAt: slot.endsAt.toISOString(),
        notes: null,
        outOfHoursReason: null,
        waitlistEntryId: entry.id,
      });
      toast.success(`Booked ${patientName}`, { description: `${slotText(slot.startsAt, zoneOf(slot.locationId))}. Off the waitlist; saved on this device.` });
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
          <DialogTitle>Book {patientName}</DialogTitle>
          <DialogDescription>
            {type ? `${type.name} (${type.durationMinutes} min)` : 'Appointment'}, {TIME_OF_DAY_LABELS[entry.timeOfDay].toLowerCase()}, {dateWindowText(entry).toLowerCase()}. The next free times that fit:
          </DialogDescription>
        </DialogHeader>
        {slots === null ? (
          <p className="text-sm text-muted-foreground">Looking for free times…</p>
        ) : slots.length === 0 ? (
          <p className="text-sm text-muted-foreground">No free time fits in the next 60 days. Keep the patient on the waitlist, or book another time from the calendar.</p>
        ) : (
          <ul aria-label="Free times that fit" className="grid gap-2">
            {slots.map((slot) => {
              const provider = setup.providers.find((p) => p.id === slot.providerId);
              const location = setup.locations.find((l) => l.id === slot.locationId);
              const room = setup.rooms.find((r) => r.id === slot.roomId);
              return (
                <li key={`${slot.locationId}-${slot.providerId}-${slot.startsAt.toISOString()}`}>
                  <Button variant="secondary" className="h-auto w-full justify-start py-2 text-left whitespace-normal" disabled={busy} onClick={() => void book(slot)}>
                    Book {slotText(slot.startsAt, zoneOf(slot.locationId))} with {provider?.displayName ?? 'the provider'}
                    {setup.locations.length > 1 ? ` at ${location?.name ?? ''}` : ''}
                    {room ? `, ${room.name}` : ''}
                  </Button>
                </li>
              );
            })}
          </ul>
        )}
        {error !== null ? (
          <p role="alert" className="text-sm font-medium text-destructive">
            {error}
          </p>
        ) : null}
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="outline">Close</Button>
          </DialogClose>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
};
