/*
 * The appointment status machine (issue #7 §2), shared by the device (what the buttons offer, the
 * optimistic effect) and the server executor (the authority: an illegal transition is refused with
 * the current status). Browser-safe, and imported by the schema for its check constraint.
 */

export const APPOINTMENT_STATUSES = ['booked', 'confirmed', 'checked_in', 'in_room', 'completed', 'cancelled', 'no_show'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/** Statuses that hold the provider's (and room's) time: the exclusion constraints count these. */
export const ACTIVE_STATUSES: readonly AppointmentStatus[] = ['booked', 'confirmed', 'checked_in', 'in_room', 'completed'];

/** Whether an appointment in `status` occupies its slot. */
export const occupiesSlot = (status: AppointmentStatus): boolean => ACTIVE_STATUSES.includes(status);

/**
 * Where each status may go. Choices that are not obvious:
 * - checked_in → booked undoes a mistaken check-in (one click on the today board is easy to misplace);
 * - no_show → checked_in: the patient arrived late after all;
 * - a cancelled appointment stays cancelled: booking again is a new appointment, with its own checks;
 * - completed is final (billing and the chart hang on it).
 */
export const nextStatuses = (status: AppointmentStatus): readonly AppointmentStatus[] => {
  switch (status) {
    case 'booked':
      return ['confirmed', 'checked_in', 'cancelled', 'no_show'];
    case 'confirmed':
      return ['checked_in', 'cancelled', 'no_show'];
    case 'checked_in':
      return ['in_room', 'completed', 'cancelled', 'booked'];
    case 'in_room':
      return ['completed'];
    case 'no_show':
      return ['checked_in'];
    case 'completed':
    case 'cancelled':
      return [];
  }
};

export const canTransition = (from: AppointmentStatus, to: AppointmentStatus): boolean => nextStatuses(from).includes(to);

/** Statuses whose appointment may still be moved, resized or given another room. */
export const isReschedulable = (status: AppointmentStatus): boolean => status === 'booked' || status === 'confirmed';

/** How each status is shown to people. */
export const STATUS_LABELS: Readonly<Record<AppointmentStatus, string>> = {
  booked: 'Booked',
  confirmed: 'Confirmed',
  checked_in: 'Checked in',
  in_room: 'In room',
  completed: 'Completed',
  cancelled: 'Cancelled',
  no_show: 'No-show',
};
