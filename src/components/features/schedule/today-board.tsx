'use client';

import { Button } from '@/components/ui/button';
import type { AppointmentStatus } from '@/lib/domain/scheduling/status';

import { useStatusChange } from './use-status-change';
import { clockTime, minutesBetween } from './calendar-layout';
import type { LocalAppointment, SchedulingSetup } from './schedule-types';

/*
 * The front desk's today board (issue #7 §5): today's appointments at a location by where the
 * patient is — expected, waiting (with how long), in a room, done — with check-in in one click.
 */

const LANES: readonly { title: string; statuses: readonly AppointmentStatus[] }[] = [
  { title: 'Expected', statuses: ['booked', 'confirmed'] },
  { title: 'Waiting', statuses: ['checked_in'] },
  { title: 'In room', statuses: ['in_room'] },
  { title: 'Done', statuses: ['completed'] },
  { title: 'Did not happen', statuses: ['no_show', 'cancelled'] },
];

/** The one-click next step on the board for each status (the dialog offers the rest). */
const NEXT: Partial<Record<AppointmentStatus, { to: AppointmentStatus; label: string }>> = {
  booked: { to: 'checked_in', label: 'Check in' },
  confirmed: { to: 'checked_in', label: 'Check in' },
  checked_in: { to: 'in_room', label: 'Send to room' },
  in_room: { to: 'completed', label: 'Complete' },
};

type TodayBoardProps = {
  practiceId: string;
  setup: SchedulingSetup;
  appointments: readonly LocalAppointment[];
  timeZone: string;
  now: Date;
  canWrite: boolean;
  label: (appointment: LocalAppointment) => string;
  onOpen: (appointment: LocalAppointment) => void;
};

export const TodayBoard = ({ practiceId, setup, appointments, timeZone, now, canWrite, label, onOpen }: TodayBoardProps) => {
  const transition = useStatusChange(practiceId);
  const sorted = [...appointments].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  return (
    <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-5">
      {LANES.map((lane) => {
        const items = sorted.filter((appointment) => lane.statuses.includes(appointment.status));
        return (
          <section key={lane.title} aria-labelledby={`lane-${lane.title}`} className="rounded-lg border bg-card">
            <h2 id={`lane-${lane.title}`} className="flex items-center justify-between border-b px-3 py-2 text-sm font-semibold">
              {lane.title}
              <span className="text-muted-foreground tabular-nums">{items.length}</span>
            </h2>
            <ul className="grid gap-2 p-2" aria-label={lane.title}>
              {items.length === 0 ? <li className="px-1 text-sm text-muted-foreground">Nobody</li> : null}
              {items.map((appointment) => {
                const next = NEXT[appointment.status];
                const waiting = appointment.status === 'checked_in' && appointment.checkedInAt ? minutesBetween(appointment.checkedInAt, now) : null;
                const provider = setup.providers.find((p) => p.id === appointment.providerId);
                return (
                  <li key={appointment.id} className="rounded-md border px-2 py-1.5 text-sm" data-testid="board-appointment">
                    <button type="button" className="block w-full text-left outline-none focus-visible:ring-2 focus-visible:ring-ring" onClick={() => onOpen(appointment)}>
                      <span className="block font-medium">{label(appointment)}</span>
                      <span className="block text-xs text-muted-foreground tabular-nums">
                        {clockTime(appointment.startsAt, timeZone)} · {provider?.displayName ?? ''}
                        {waiting !== null ? ` · waiting ${Math.max(waiting, 0)} min` : ''}
                      </span>
                    </button>
                    {canWrite && next ? (
                      <Button size="sm" variant="secondary" className="mt-1" onClick={() => void transition(appointment, next.to)}>
                        {next.label}
                        <span className="sr-only"> {label(appointment)}</span>
                      </Button>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
    </div>
  );
};
