import { findCollisions, isWithinWorkingHours } from '@/lib/domain/scheduling/availability';

import type { LocalAppointment, SchedulingSetup } from './schedule-types';

/*
 * The checks the device makes before it books or moves an appointment (issue #7 §3: "a check before
 * booking on the device"), on its own rows, so the front desk hears about a clash at once — also
 * offline. The server decides again; a clash it finds reaches the inbox as `slot_taken`. No Zod here:
 * the calendar loads this with the page (the forms' schemas come with their dialogs).
 */

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
