import { findCollisions, findNextAvailable, isWithinWorkingHours, type Slot } from '@/lib/domain/scheduling/availability';
import { addDays, instantToZoned, zonedToInstant } from '@/lib/domain/scheduling/zoned-time';

import type { LocalAppointment, SchedulingSetup } from './schedule-types';

/*
 * The checks the device makes before it books or moves an appointment (issue #7 §3: "a check before
 * booking on the device"), on its own rows, so the front desk hears about a clash at once — also
 * offline. The server decides again; a clash it finds reaches the inbox as `slot_taken`. No Zod here:
 * the calendar loads this with the page (the forms' schemas come with their dialogs).
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

export type BookingProblems = {
  /** Active appointments of the provider, or of the room, in the way. */
  taken: LocalAppointment[];
  /** Outside the provider's working hours at the location (allowed with a reason). */
  outsideHours: boolean;
};

/** What stands in the way of a booking or move: clashes on this device, and working hours. */
export const bookingProblems = ({
  setup,
  appointments,
  candidate,
  timeZone,
}: {
  setup: SchedulingSetup;
  appointments: readonly LocalAppointment[];
  candidate: { id?: string; providerId: string; roomId: string | null; locationId: string; startsAt: Date; endsAt: Date };
  timeZone: string;
}): BookingProblems => {
  const collisions = findCollisions({ candidate, appointments });
  const taken = [...collisions.provider, ...collisions.room.filter((room) => !collisions.provider.includes(room))] as LocalAppointment[];
  const outsideHours = !isWithinWorkingHours({
    providerId: candidate.providerId,
    locationId: candidate.locationId,
    timeZone,
    workingHours: setup.workingHours,
    exceptions: setup.exceptions,
    holidays: setup.holidays,
    start: candidate.startsAt,
    end: candidate.endsAt,
  });
  return { taken, outsideHours };
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
