'use client';

import * as React from 'react';

import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { isReschedulable, nextStatuses, STATUS_LABELS, type AppointmentStatus } from '@/lib/domain/scheduling/status';

import { clockTime } from './calendar-layout';
import { useStatusChange } from './use-status-change';
import type { LocalAppointment, SchedulingSetup } from './schedule-types';
import { SeriesEditDialog } from './series-edit-dialog';

/** What the button that moves an appointment to each status says. */
export const STATUS_ACTIONS: Readonly<Record<AppointmentStatus, string>> = {
  booked: 'Undo check-in',
  confirmed: 'Mark confirmed',
  checked_in: 'Check in',
  in_room: 'Send to room',
  completed: 'Complete',
  cancelled: 'Cancel appointment…',
  no_show: 'Mark no-show',
};

type AppointmentDialogProps = {
  practiceId: string;
  setup: SchedulingSetup;
  appointment: LocalAppointment;
  patientLabel: string;
  canWrite: boolean;
  onMove: () => void;
  onClose: () => void;
  /** Called after the appointment is cancelled or marked a no-show here (its time may be offered to the waitlist). */
  onFreed?: (appointment: LocalAppointment) => void;
};

/** One appointment: when, who, where, its status, and the next steps its status allows. */
export const AppointmentDialog = ({ practiceId, setup, appointment, patientLabel, canWrite, onMove, onClose, onFreed }: AppointmentDialogProps) => {
  const transition = useStatusChange(practiceId);
  const [cancelling, setCancelling] = React.useState(false);
  const [reason, setReason] = React.useState('');
  const [reasonError, setReasonError] = React.useState<string | null>(null);
  const [editingSeries, setEditingSeries] = React.useState(false);
  const location = setup.locations.find((l) => l.id === appointment.locationId);
  const timeZone = location?.timeZone ?? 'UTC';
  const type = setup.types.find((t) => t.id === appointment.typeId);
  const provider = setup.providers.find((p) => p.id === appointment.providerId);
  const room = setup.rooms.find((r) => r.id === appointment.roomId);
  const date = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' }).format(new Date(appointment.startsAt));

  const go = async (to: AppointmentStatus) => {
    if (to === 'cancelled') {
      setCancelling(true);
      return;
    }
    if (await transition(appointment, to)) {
      if (to === 'no_show') {
        onFreed?.(appointment);
      }
      onClose();
    }
  };
  const cancel = async () => {
    if (reason.trim() === '') {
      setReasonError('Say why it is cancelled');
      return;
    }
    if (await transition(appointment, 'cancelled', reason.trim())) {
      onFreed?.(appointment);
      onClose();
    }
  };

  if (editingSeries) {
    // In place of this dialog while open: "Back" returns here, a saved change closes both.
    return <SeriesEditDialog practiceId={practiceId} setup={setup} appointment={appointment} onMoveOne={onMove} onClose={() => setEditingSeries(false)} onSaved={onClose} />;
  }

  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogContent className="sm:max-w-lg">
        <DialogHeader>
          <DialogTitle>{patientLabel}</DialogTitle>
          <DialogDescription>
            {date}, {clockTime(appointment.startsAt, timeZone)}–{clockTime(appointment.endsAt, timeZone)} ({timeZone})
          </DialogDescription>
        </DialogHeader>
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-muted-foreground">Status</dt>
          <dd>
            <Badge variant={appointment.status === 'cancelled' || appointment.status === 'no_show' ? 'destructive' : 'secondary'}>{STATUS_LABELS[appointment.status]}</Badge>
            {appointment.version === 0 ? <span className="ml-2 text-muted-foreground">Not synced yet</span> : null}
          </dd>
          <dt className="text-muted-foreground">Type</dt>
          <dd>{type?.name ?? '—'}</dd>
          <dt className="text-muted-foreground">Provider</dt>
          <dd>{provider?.displayName ?? '—'}</dd>
          <dt className="text-muted-foreground">Where</dt>
          <dd>
            {location?.name ?? '—'}
            {room ? `, ${room.name}` : ''}
          </dd>
          {appointment.notes ? (
            <>
              <dt className="text-muted-foreground">Notes</dt>
              <dd className="whitespace-pre-wrap">{appointment.notes}</dd>
            </>
          ) : null}
          {appointment.cancelReason ? (
            <>
              <dt className="text-muted-foreground">Cancelled</dt>
              <dd>{appointment.cancelReason}</dd>
            </>
          ) : null}
          {appointment.outOfHoursReason ? (
            <>
              <dt className="text-muted-foreground">Out of hours</dt>
              <dd>{appointment.outOfHoursReason}</dd>
            </>
          ) : null}
          {appointment.seriesId ? (
            <>
              <dt className="text-muted-foreground">Series</dt>
              <dd>Part of a recurring series{appointment.detached ? ' (changed on its own)' : ''}</dd>
            </>
          ) : null}
        </dl>
        {cancelling ? (
          <div className="grid gap-2">
            <Label htmlFor="cancel-reason">Why is it cancelled?</Label>
            <Input id="cancel-reason" value={reason} aria-invalid={reasonError !== null} aria-describedby={reasonError ? 'cancel-reason-error' : undefined} onChange={(event) => setReason(event.target.value)} autoFocus />
            {reasonError ? (
              <p id="cancel-reason-error" className="text-sm font-medium text-destructive">
                {reasonError}
              </p>
            ) : null}
            <div className="flex justify-end gap-2">
              <Button variant="outline" onClick={() => setCancelling(false)}>
                Keep appointment
              </Button>
              <Button variant="destructive" onClick={() => void cancel()}>
                Cancel appointment
              </Button>
            </div>
          </div>
        ) : canWrite ? (
          <DialogFooter className="flex-wrap gap-2 sm:justify-start">
            {nextStatuses(appointment.status).map((to) => (
              <Button key={to} variant={to === 'cancelled' || to === 'no_show' ? 'outline' : 'default'} onClick={() => void go(to)}>
                {STATUS_ACTIONS[to]}
              </Button>
            ))}
            {isReschedulable(appointment.status) ? (
              <Button variant="outline" onClick={onMove}>
                Move…
              </Button>
            ) : null}
            {appointment.seriesId ? (
              <Button variant="outline" onClick={() => setEditingSeries(true)}>
                Edit series…
              </Button>
            ) : null}
          </DialogFooter>
        ) : null}
      </DialogContent>
    </Dialog>
  );
};
