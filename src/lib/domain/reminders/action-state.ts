import type { AppointmentStatus } from '@/lib/domain/scheduling/status';
import type { TAppointmentAction, TAppointmentActionState } from './schemas';

/** The status each action leads to. */
export const ACTION_TARGET: Readonly<Record<TAppointmentAction, 'confirmed' | 'cancelled'>> = {
  confirm: 'confirmed',
  cancel: 'cancelled',
};

/**
 * Statuses a patient may act from. Narrower than the status machine on purpose: the front desk may
 * cancel a checked-in visit, a patient's link may not (they are in the building; the desk decides).
 */
const ACTIONABLE_FROM: Readonly<Record<TAppointmentAction, readonly AppointmentStatus[]>> = {
  confirm: ['booked'],
  cancel: ['booked', 'confirmed'],
};

export type ActionTokenFacts = { action: TAppointmentAction; startsAt: Date; expiresAt: Date; usedAt: Date | null };
export type ActionAppointmentFacts = { status: AppointmentStatus; startsAt: Date; deletedAt: Date | null };

/**
 * Where a link stands at `now` (see ZAppointmentActionState). A used link is `used` whatever the
 * appointment became; an expired one is `expired`; a link for a start time the appointment no
 * longer has is `changed` (the patient would confirm a time they were never told about).
 */
export const appointmentActionState = (token: ActionTokenFacts, appointment: ActionAppointmentFacts, now: Date): TAppointmentActionState => {
  if (token.usedAt !== null) {
    return 'used';
  }
  if (now.getTime() >= token.expiresAt.getTime()) {
    return 'expired';
  }
  if (appointment.deletedAt !== null) {
    return 'unavailable';
  }
  if (appointment.startsAt.getTime() !== token.startsAt.getTime()) {
    return 'changed';
  }
  if (appointment.status === ACTION_TARGET[token.action]) {
    return 'done';
  }
  return ACTIONABLE_FROM[token.action].includes(appointment.status) ? 'open' : 'unavailable';
};
