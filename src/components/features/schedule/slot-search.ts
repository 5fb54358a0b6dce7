import type { Slot } from '@/lib/domain/scheduling/availability';
import { findNextAvailable } from '@/lib/domain/scheduling/next-available';
import { addDays, instantToZoned, zonedToInstant } from '@/lib/domain/scheduling/zoned-time';

import type { LocalAppointment, SchedulingSetup } from './schedule-types';

/*
 * Finding free time on the device (issue #7 §4) and the booking form's clinic time ↔ instants, for
 * the dialogs that offer slots (booking, waitlist, the inbox's "pick another time"). Apart from
 * booking-checks.ts, which the calendar loads with the page.
 */

/** The instants a form's clinic date, time and length stand for, in the location's zone. */
export const formInstants = (form: { date: string; time: string; durationMinutes: number }, timeZone: string): { startsAt: Date; endsAt: Date } => {
  const startsAt = zonedToInstant(form.date, form.time, timeZone);
  return { startsAt, endsAt: new Date(startsAt.getTime() + form.durationMinutes * 60_000) };
};

/** The form's date and time for an instant on the clinic's clock. */
export const formTimeOf = (instant: Date, timeZone: string): { date: string; time: string } => {
  const local = instantToZoned(instant, timeZone);
  return { date: local.date, time: local.time };
};

/** How far ahead "next available" looks. */
export const SEARCH_DAYS = 60;

/**
 * The next free slots for a type with the chosen provider (or every active provider), honouring
 * working hours, exceptions, holidays, buffers and the bookings on this device.
 */
export const suggestSlots = ({
  setup,
  appointments,
  from,
  typeId,
  providerIds,
  locationId,
  timeOfDay,
  excludeAppointmentId,
  limit = 5,
}: {
  setup: SchedulingSetup;
  appointments: readonly LocalAppointment[];
  from: Date;
  typeId: string;
  providerIds: readonly string[];
  locationId: string;
  timeOfDay?: { start: string; end: string };
  excludeAppointmentId?: string;
  limit?: number;
}): Slot[] => {
  const type = setup.types.find((candidate) => candidate.id === typeId);
  const location = setup.locations.find((candidate) => candidate.id === locationId);
  if (!type || !location) {
    return [];
  }
  // Buffers of the appointments in the way count for the search too: each keeps its own type's.
  const buffers = new Map(setup.types.map((t) => [t.id, t]));
  return findNextAvailable({
    from,
    days: SEARCH_DAYS,
    providerIds,
    locationId,
    timeZone: location.timeZone,
    type,
    rooms: setup.rooms.filter((room) => room.active && room.locationId === locationId),
    ...(timeOfDay ? { timeOfDay } : {}),
    workingHours: setup.workingHours,
    exceptions: setup.exceptions,
    holidays: setup.holidays,
    appointments: appointments.map((appointment) => ({
      ...appointment,
      bufferBeforeMinutes: buffers.get(appointment.typeId)?.bufferBeforeMinutes ?? 0,
      bufferAfterMinutes: buffers.get(appointment.typeId)?.bufferAfterMinutes ?? 0,
    })),
    ...(excludeAppointmentId ? { excludeAppointmentId } : {}),
    limit,
  });
};

/** The window of appointments the search needs: from `from` to the horizon's end (plus a day of slack). */
export const searchRange = (from: Date, timeZone: string): { from: Date; to: Date } => {
  const date = instantToZoned(from, timeZone).date;
  return { from: zonedToInstant(addDays(date, -1), '00:00', timeZone), to: zonedToInstant(addDays(date, SEARCH_DAYS + 1), '00:00', timeZone) };
};
