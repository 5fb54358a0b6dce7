'use client';

import { CalendarPlusIcon, ChevronLeftIcon, ChevronRightIcon } from 'lucide-react';
import * as React from 'react';
import { toast } from 'sonner';

import { useLocalData } from '@/components/local-data/local-data-context';
import { useMutate } from '@/components/local-data/use-mutate';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { NativeSelect } from '@/components/ui/native-select';
import { Skeleton } from '@/components/ui/skeleton';
import { workingIntervals } from '@/lib/domain/scheduling/availability';
import type { AppointmentStatus } from '@/lib/domain/scheduling/status';
import { addDays, instantToZoned, zonedToInstant, type LocalDate } from '@/lib/domain/scheduling/zoned-time';
import { cn } from '@/lib/utils/cn';

import { listName } from '../patients/patient-names';
import { bookingProblems } from './booking-checks';
import type { BookingTarget } from './booking-dialog';
import { alignedWindows, monthGrid, weekDates } from './calendar-layout';
import { CalendarGrid, type GridColumn, type GridMove } from './calendar-grid';
import type { LocalAppointment } from './schedule-types';
import { useAppointments, usePatientLabels, useSchedulingSetup } from './use-schedule';

// The dialogs and the waitlist load when first opened (forms, Zod, recurrence rules): the calendar
// itself is the page's first load (DESIGN §8 first-load budget), and the service worker precaches
// these chunks, so they open offline too.
const BookingDialog = React.lazy(() => import('./booking-dialog').then((m) => ({ default: m.BookingDialog })));
const AppointmentDialog = React.lazy(() => import('./appointment-dialog').then((m) => ({ default: m.AppointmentDialog })));
const FreedSlotOffer = React.lazy(() => import('./freed-slot-offer').then((m) => ({ default: m.FreedSlotOffer })));
const MonthOverview = React.lazy(() => import('./month-overview').then((m) => ({ default: m.MonthOverview })));
const TodayBoard = React.lazy(() => import('./today-board').then((m) => ({ default: m.TodayBoard })));
const WaitlistPanel = React.lazy(() => import('./waitlist-panel').then((m) => ({ default: m.WaitlistPanel })));

/*
 * The schedule (issue #7 §5): day view with a column per provider, a provider's week, the month at a
 * glance, and the front desk's today board — all read from this device's database, so they work
 * offline; every change is a mutation of the sync engine. Times are the location's clock.
 */

type View = 'day' | 'week' | 'month' | 'today' | 'waitlist';

const VIEWS: readonly (readonly [View, string])[] = [
  ['day', 'Day'],
  ['week', 'Week'],
  ['month', 'Month'],
  ['today', 'Today board'],
  ['waitlist', 'Waitlist'],
];

const STATUS_COLOURS: Readonly<Record<AppointmentStatus, string>> = {
  booked: '#2563eb',
  confirmed: '#0891b2',
  checked_in: '#d97706',
  in_room: '#7c3aed',
  completed: '#16a34a',
  cancelled: '#6b7280',
  no_show: '#dc2626',
};

const useNow = () => {
  const [now, setNow] = React.useState(() => new Date());
  React.useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return now;
};

const longDate = (date: LocalDate) =>
  new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' }).format(new Date(`${date}T12:00:00Z`));

export const ScheduleScreen = ({ practiceId, canWrite }: { practiceId: string; canWrite: boolean }) => {
  const { state } = useLocalData();
  const setupQuery = useSchedulingSetup(practiceId);
  const setup = setupQuery.data;
  const now = useNow();
  const mutate = useMutate();
  const [view, setView] = React.useState<View>('day');
  const [locationId, setLocationId] = React.useState<string | null>(null);
  const location = setup?.locations.find((l) => l.id === locationId) ?? setup?.locations[0];
  const timeZone = location?.timeZone ?? 'UTC';
  const today = instantToZoned(now, timeZone).date;
  const [date, setDate] = React.useState<LocalDate | null>(null);
  const day = date ?? today;
  const [weekProviderId, setWeekProviderId] = React.useState<string | null>(null);
  const [colourBy, setColourBy] = React.useState<'type' | 'status'>('type');
  // The day view's columns: one per provider (default) or one per room of the location.
  const [byRoom, setByRoom] = React.useState(false);
  const [booking, setBooking] = React.useState<BookingTarget | null>(null);
  const [opened, setOpened] = React.useState<LocalAppointment | null>(null);
  const [freed, setFreed] = React.useState<LocalAppointment | null>(null);

  const dates = view === 'week' ? weekDates(day) : view === 'month' ? monthGrid(day).flat() : view === 'today' ? [today] : [day];
  const from = zonedToInstant(dates[0] ?? day, '00:00', timeZone);
  const to = zonedToInstant(addDays(dates.at(-1) ?? day, 1), '00:00', timeZone);
  const appointmentsQuery = useAppointments(practiceId, from, to);
  const all = (appointmentsQuery.data ?? []).filter((appointment) => location === undefined || appointment.locationId === location.id);
  const labels = usePatientLabels(practiceId, all.map((appointment) => appointment.patientId));
  const label = (appointment: LocalAppointment) => {
    const patient = labels.data?.get(appointment.patientId);
    return patient ? listName(patient) : 'Patient';
  };
  const colourOf = (appointment: LocalAppointment) =>
    colourBy === 'status' ? STATUS_COLOURS[appointment.status] : (setup?.types.find((t) => t.id === appointment.typeId)?.colour ?? '#64748b');

  if (state.kind === 'revoked' || state.kind === 'failed') {
    return null; // LocalDataNotice above the page says why
  }
  if (state.kind === 'opening' || setupQuery.isPending || !setup) {
    return <Skeleton className="h-96 w-full" aria-label="Loading the schedule" />;
  }
  const providers = setup.providers.filter((provider) => provider.active);
  const rooms = location ? setup.rooms.filter((room) => room.active && room.locationId === location.id) : [];
  if (!location || providers.length === 0) {
    return (
      <EmptyState
        icon={CalendarPlusIcon}
        title="The schedule is not set up yet"
        description="Add a location, providers, appointment types and working hours under Settings → Scheduling; the calendar appears here as soon as they reach this device."
      />
    );
  }

  const working = (providerId: string, date: LocalDate) =>
    workingIntervals({ providerId, locationId: location.id, date, timeZone, workingHours: setup.workingHours, exceptions: setup.exceptions, holidays: setup.holidays });
  const busy = [...all.map((a) => ({ start: new Date(a.startsAt), end: new Date(a.endsAt) })), ...dates.flatMap((d) => providers.flatMap((p) => working(p.id, d)))];
  const weekProvider = providers.find((p) => p.id === weekProviderId) ?? providers[0];
  const columns: GridColumn[] =
    view === 'week' && weekProvider
      ? alignedWindows(dates, timeZone, busy).map((window) => ({
          key: window.date,
          label: new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', weekday: 'short', day: 'numeric' }).format(new Date(`${window.date}T12:00:00Z`)),
          sublabel: weekProvider.displayName,
          providerId: weekProvider.id,
          window,
          appointments: all.filter((a) => a.providerId === weekProvider.id && instantToZoned(new Date(a.startsAt), timeZone).date === window.date),
          working: working(weekProvider.id, window.date),
        }))
      : byRoom && rooms.length > 0
        ? alignedWindows([day], timeZone, busy).flatMap((window) =>
            rooms.map((room) => ({
              key: room.id,
              label: room.name,
              // A click in a room's column books with the first provider; the dialog can change it.
              providerId: providers[0]?.id ?? '',
              roomId: room.id,
              window,
              appointments: all.filter((a) => a.roomId === room.id),
              // Rooms keep no hours of their own: the whole day is open.
              working: [{ start: window.start, end: window.end }],
            })),
          )
        : alignedWindows([day], timeZone, busy).flatMap((window) =>
          providers.map((provider) => ({
            key: provider.id,
            label: provider.displayName,
            providerId: provider.id,
            window,
            appointments: all.filter((a) => a.providerId === provider.id),
            working: working(provider.id, window.date),
          })),
        );

  const step = (direction: 1 | -1) => {
    const base = date ?? today;
    setDate(view === 'month' ? `${addDays(`${base.slice(0, 7)}-15`, direction * 30).slice(0, 7)}-01` : addDays(base, view === 'week' ? 7 * direction : direction));
  };

  const move = async (proposal: GridMove) => {
    const problems = bookingProblems({ setup, appointments: all, candidate: { id: proposal.appointment.id, providerId: proposal.providerId, roomId: proposal.roomId, locationId: proposal.appointment.locationId, startsAt: proposal.startsAt, endsAt: proposal.endsAt }, timeZone });
    if (problems.taken.length > 0) {
      toast.error('That time is taken', { description: 'Another appointment of the provider or room is there.' });
      return;
    }
    if (problems.outsideHours) {
      // The dialog asks for the reason (and shows the new time) before moving outside working hours.
      setBooking({ kind: 'move', appointment: proposal.appointment, patientLabel: label(proposal.appointment), proposal });
      return;
    }
    try {
      await mutate('appointments.reschedule', { practiceId, appointmentId: proposal.appointment.id, providerId: proposal.providerId, roomId: proposal.roomId, startsAt: proposal.startsAt.toISOString(), endsAt: proposal.endsAt.toISOString(), outOfHoursReason: null });
      toast.success('Appointment moved', { description: 'Saved on this device; it syncs when the network allows.' });
    } catch {
      toast.error('The appointment could not be moved.');
    }
  };

  const holidays = new Map(setup.holidays.filter((h) => h.locationId === null || h.locationId === location.id).map((h) => [h.date, h.name]));
  const title = view === 'month' ? new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(new Date(`${day}T12:00:00Z`)) : view === 'week' ? `Week of ${longDate(dates[0] ?? day)}` : longDate(day);

  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-end gap-3">
        {/* A segmented control of plain buttons (pressed = shown): the views are one screen, not tab panels. */}
        <div role="group" aria-label="Schedule view" className="inline-flex h-10 items-center rounded-lg bg-muted p-1">
          {VIEWS.map(([value, text]) => (
            <button
              key={value}
              type="button"
              aria-pressed={view === value}
              onClick={() => setView(value)}
              className={cn(
                'inline-flex h-full items-center rounded-md px-3 text-sm font-medium whitespace-nowrap text-muted-foreground outline-none transition-colors hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring',
                view === value && 'bg-background text-foreground shadow-sm',
              )}
            >
              {text}
            </button>
          ))}
        </div>
        {view === 'today' ? null : (
          <div className="flex items-center gap-1">
            <Button variant="outline" size="icon" aria-label="Previous" onClick={() => step(-1)}>
              <ChevronLeftIcon aria-hidden="true" />
            </Button>
            <Button variant="outline" onClick={() => setDate(null)}>
              Today
            </Button>
            <Button variant="outline" size="icon" aria-label="Next" onClick={() => step(1)}>
              <ChevronRightIcon aria-hidden="true" />
            </Button>
            <Label htmlFor="schedule-date" className="sr-only">
              Date
            </Label>
            <Input id="schedule-date" type="date" className="w-40" value={day} onChange={(event) => setDate(event.target.value === '' ? null : event.target.value)} />
          </div>
        )}
        {setup.locations.length > 1 ? (
          <div className="grid gap-1">
            <Label htmlFor="schedule-location">Location</Label>
            <NativeSelect id="schedule-location" className="w-52" value={location.id} onChange={(event) => setLocationId(event.target.value)}>
              {setup.locations.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </NativeSelect>
          </div>
        ) : null}
        {view === 'week' && weekProvider ? (
          <div className="grid gap-1">
            <Label htmlFor="schedule-provider">Provider</Label>
            <NativeSelect id="schedule-provider" className="w-48" value={weekProvider.id} onChange={(event) => setWeekProviderId(event.target.value)}>
              {providers.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.displayName}
                </option>
              ))}
            </NativeSelect>
          </div>
        ) : null}
        {view === 'day' && rooms.length > 0 ? (
          <div className="grid gap-1">
            <Label htmlFor="schedule-columns">Columns</Label>
            <NativeSelect id="schedule-columns" className="w-36" value={byRoom ? 'rooms' : 'providers'} onChange={(event) => setByRoom(event.target.value === 'rooms')}>
              <option value="providers">Providers</option>
              <option value="rooms">Rooms</option>
            </NativeSelect>
          </div>
        ) : null}
        {view === 'day' || view === 'week' ? (
          <div className="grid gap-1">
            <Label htmlFor="schedule-colour">Colour by</Label>
            <NativeSelect id="schedule-colour" className="w-32" value={colourBy} onChange={(event) => setColourBy(event.target.value as 'type' | 'status')}>
              <option value="type">Type</option>
              <option value="status">Status</option>
            </NativeSelect>
          </div>
        ) : null}
        {canWrite ? (
          <Button className="ml-auto" onClick={() => setBooking({ kind: 'book', providerId: providers[0]?.id ?? '', locationId: location.id, startsAt: null })}>
            <CalendarPlusIcon aria-hidden="true" />
            New appointment
          </Button>
        ) : null}
      </div>

      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-lg font-semibold" aria-live="polite">
          {view === 'today' ? `Today, ${longDate(today)}` : title}
          {holidays.get(day) && view === 'day' ? <span className="ml-2 text-sm font-normal text-warning">Closed: {holidays.get(day)}</span> : null}
        </h2>
        <p className="text-xs text-muted-foreground">
          Times in {location.name}’s time zone, {timeZone}
        </p>
      </div>

      <React.Suspense fallback={<Skeleton className="h-96 w-full" aria-label="Loading" />}>
        {view === 'month' ? (
          <MonthOverview date={day} today={today} timeZone={timeZone} appointments={all} holidays={holidays} onDay={(chosen) => {
              setDate(chosen);
              setView('day');
            }}
          />
        ) : view === 'waitlist' ? (
          <WaitlistPanel practiceId={practiceId} setup={setup} timeZone={timeZone} canWrite={canWrite} />
        ) : view === 'today' ? (
          <TodayBoard
            practiceId={practiceId}
            setup={setup}
            appointments={(appointmentsQuery.data ?? []).filter((a) => a.locationId === location.id && instantToZoned(new Date(a.startsAt), timeZone).date === today)}
            timeZone={timeZone}
            now={now}
            canWrite={canWrite}
            label={label}
            onOpen={setOpened}
          />
        ) : (
          <CalendarGrid
            columns={columns}
            timeZone={timeZone}
            now={now}
            canWrite={canWrite}
            label={label}
            colourOf={colourOf}
            onSlot={(column, startsAt) => setBooking({ kind: 'book', providerId: column.providerId, locationId: location.id, startsAt, roomId: column.roomId ?? null })}
            onOpen={setOpened}
            onMove={(proposal) => void move(proposal)}
          />
        )}
      </React.Suspense>

      {/* Dialogs load on first use; nothing is shown meanwhile (a fraction of a second, also offline). */}
      <React.Suspense fallback={null}>
        {booking ? <BookingDialog key={booking.kind === 'move' ? booking.appointment.id : 'new'} practiceId={practiceId} setup={setup} target={booking} onClose={() => setBooking(null)} /> : null}
        {opened ? (
          <AppointmentDialog
            practiceId={practiceId}
            setup={setup}
            appointment={opened}
            patientLabel={label(opened)}
            canWrite={canWrite}
            onClose={() => setOpened(null)}
            onFreed={setFreed}
            onMove={() => {
              setBooking({ kind: 'move', appointment: opened, patientLabel: label(opened) });
              setOpened(null);
            }}
          />
        ) : null}
        {freed ? <FreedSlotOffer key={freed.id} practiceId={practiceId} setup={setup} appointment={freed} onClose={() => setFreed(null)} /> : null}
      </React.Suspense>
    </div>
  );
};
