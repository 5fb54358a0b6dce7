import 'server-only';
import { isExclusionViolation } from '@/lib/db/errors';
import type { Appointment, Provider, WaitlistEntry, AppointmentType } from '@/lib/db/schema/scheduling';
import type { Location } from '@/lib/db/schema/practices';
import type { TBookAppointment, TRescheduleAppointment, TTransitionAppointment, TUpdateAppointmentNotes } from '@/lib/domain/scheduling/schemas';
import { canTransition, isReschedulable, occupiesSlot } from '@/lib/domain/scheduling/status';
import { statusStamps } from '../../mutations/scheduling';
import type { ExecuteOutcome, MutationContext } from '../context';
import {
  assertWorkingHours,
  conflictOutcome,
  describeBlockers,
  findBlockers,
  notFound,
  requireBookingParts,
  requireRoom,
  type Slot,
} from './appointment-rules';
import { auditScheduling, fieldError, insertRow, lockRow, requireRow, updateRow } from './scheduling-rows';

/*
 * The server's side of the appointment mutations (src/lib/sync/mutations/scheduling.ts). The
 * permission (schedule.write) is checked by the caller. A slot someone else took first is a
 * `slot_taken` conflict (the device's optimistic booking goes away at the next rebase and the inbox
 * offers the next free times); a status change the server's status does not allow is an
 * `invalid_transition` conflict that names the current status. Neither writes the appointment.
 */

/**
 * Runs a write that may collide; a collision the query did not see (a booking committed between the
 * two) is the exclusion constraint's, and answers the same conflict.
 */
const unlessTaken = async (ctx: MutationContext, write: () => Promise<void>, onTaken: () => Promise<ExecuteOutcome>): Promise<ExecuteOutcome | null> => {
  try {
    await ctx.tx.transaction(async () => {
      await write();
    });
    return null;
  } catch (error) {
    if (isExclusionViolation(error)) {
      return onTaken();
    }
    throw error;
  }
};

export const executeBookAppointment = async (ctx: MutationContext, args: TBookAppointment): Promise<ExecuteOutcome> => {
  const parts = await requireBookingParts(ctx, args);
  const slot: Slot = { providerId: args.providerId, roomId: args.roomId, startsAt: new Date(args.startsAt), endsAt: new Date(args.endsAt) };
  await assertWorkingHours(ctx, { providerId: args.providerId, location: parts.location, slots: [slot], outOfHoursReason: args.outOfHoursReason });
  const waitlistEntry = args.waitlistEntryId === null ? null : await requireRow<WaitlistEntry>(ctx, 'waitlist_entries', args.waitlistEntryId, 'waitlistEntryId', 'This waitlist entry');

  const { waitlistEntryId: _entry, practiceId: _practice, ...fields } = args;
  const taken = async () =>
    conflictOutcome(ctx, {
      reason: 'slot_taken',
      entityTable: 'appointments',
      entityId: args.id,
      mine: { ...args },
      theirs: describeBlockers(await findBlockers(ctx, [slot]), [slot]),
    });
  if ((await findBlockers(ctx, [slot])).length > 0) {
    return taken();
  }
  const refused = await unlessTaken(
    ctx,
    async () => {
      await insertRow(ctx, 'appointments', { ...fields, status: 'booked', startsAt: slot.startsAt, endsAt: slot.endsAt });
    },
    taken,
  );
  if (refused) {
    return refused;
  }
  if (waitlistEntry && waitlistEntry.status === 'waiting') {
    await updateRow(ctx, 'waitlist_entries', waitlistEntry.id, { status: 'booked', appointmentId: args.id.toLowerCase() });
  }
  await auditScheduling(ctx, {
    action: 'appointment.booked',
    targetType: 'appointment',
    targetId: args.id,
    patientId: parts.patient.id,
    metadata: { providerId: parts.provider.id, outOfHours: args.outOfHoursReason === null ? 'no' : 'yes' },
  });
  return { status: 'applied' };
};

/** The appointment, or a refusal that it is not in this practice. */
const requireAppointment = async (ctx: MutationContext, id: string): Promise<Appointment> => {
  const row = await lockRow<Appointment>(ctx, 'appointments', id);
  if (!row || row.deletedAt !== null) {
    throw notFound('This appointment');
  }
  return row;
};

const invalidTransition = (ctx: MutationContext, appointment: Appointment, mine: Record<string, unknown>, seen: string | null) =>
  conflictOutcome(ctx, {
    reason: 'invalid_transition',
    entityTable: 'appointments',
    entityId: appointment.id,
    mine,
    theirs: { status: appointment.status },
    base: seen === null ? null : { status: seen },
  });

export const executeRescheduleAppointment = async (ctx: MutationContext, args: TRescheduleAppointment): Promise<ExecuteOutcome> => {
  const appointment = await requireAppointment(ctx, args.appointmentId);
  if (!isReschedulable(appointment.status)) {
    // Under way, over or cancelled meanwhile: moving it now would rewrite what happened.
    return invalidTransition(ctx, appointment, { ...args }, null);
  }
  const provider = await requireRow<Provider>(ctx, 'providers', args.providerId, 'providerId', 'This provider');
  if (!provider.active) {
    throw fieldError('providerId', 'This provider no longer takes bookings');
  }
  const location = await requireRow<Location>(ctx, 'locations', appointment.locationId, 'locationId', 'This location');
  const type = await requireRow<AppointmentType>(ctx, 'appointment_types', appointment.typeId, 'typeId', 'This appointment type');
  await requireRoom(ctx, args.roomId, location.id, type);
  const slot: Slot = { providerId: args.providerId, roomId: args.roomId, startsAt: new Date(args.startsAt), endsAt: new Date(args.endsAt) };
  await assertWorkingHours(ctx, { providerId: args.providerId, location, slots: [slot], outOfHoursReason: args.outOfHoursReason });
  const taken = async () =>
    conflictOutcome(ctx, {
      reason: 'slot_taken',
      entityTable: 'appointments',
      entityId: appointment.id,
      mine: { ...args },
      theirs: describeBlockers(await findBlockers(ctx, [slot], [appointment.id]), [slot]),
      base: { startsAt: appointment.startsAt.toISOString(), endsAt: appointment.endsAt.toISOString(), providerId: appointment.providerId, roomId: appointment.roomId },
    });
  if ((await findBlockers(ctx, [slot], [appointment.id])).length > 0) {
    return taken();
  }
  const refused = await unlessTaken(
    ctx,
    () =>
      updateRow(ctx, 'appointments', appointment.id, {
        providerId: args.providerId.toLowerCase(),
        roomId: args.roomId?.toLowerCase() ?? null,
        startsAt: slot.startsAt,
        endsAt: slot.endsAt,
        outOfHoursReason: args.outOfHoursReason,
        // An occurrence moved on its own keeps its place when the whole series is edited later.
        detached: appointment.seriesId !== null ? true : appointment.detached,
      }),
    taken,
  );
  if (refused) {
    return refused;
  }
  await auditScheduling(ctx, {
    action: 'appointment.rescheduled',
    targetType: 'appointment',
    targetId: appointment.id,
    patientId: appointment.patientId,
    metadata: { providerId: args.providerId, outOfHours: args.outOfHoursReason === null ? 'no' : 'yes' },
  });
  return { status: 'applied' };
};

export const executeTransitionAppointment = async (ctx: MutationContext, args: TTransitionAppointment): Promise<ExecuteOutcome> => {
  const appointment = await requireAppointment(ctx, args.appointmentId);
  if (appointment.status === args.to) {
    return { status: 'applied' }; // another device did the same first: nothing to do
  }
  if (!canTransition(appointment.status, args.to)) {
    return invalidTransition(ctx, appointment, { status: args.to, reason: args.reason }, args.from);
  }
  const at = ctx.occurredAt.toISOString();
  const stamps = Object.fromEntries(Object.entries(statusStamps(args.to, at)).map(([key, value]) => [key, value === null ? null : new Date(value)]));
  const patch = {
    ...stamps,
    status: args.to,
    cancelReason: args.to === 'cancelled' ? args.reason : null,
    detached: appointment.seriesId !== null ? true : appointment.detached,
  };
  // A no-show who arrives after all takes the slot again, which someone may have rebooked.
  const reoccupies = !occupiesSlot(appointment.status) && occupiesSlot(args.to);
  if (reoccupies) {
    const slot: Slot = { providerId: appointment.providerId, roomId: appointment.roomId, startsAt: appointment.startsAt, endsAt: appointment.endsAt };
    const taken = async () =>
      conflictOutcome(ctx, {
        reason: 'slot_taken',
        entityTable: 'appointments',
        entityId: appointment.id,
        mine: { status: args.to },
        theirs: describeBlockers(await findBlockers(ctx, [slot], [appointment.id]), [slot]),
      });
    const refused = await unlessTaken(ctx, () => updateRow(ctx, 'appointments', appointment.id, patch), taken);
    if (refused) {
      return refused;
    }
  } else {
    await updateRow(ctx, 'appointments', appointment.id, patch);
  }
  await auditScheduling(ctx, {
    action: `appointment.${args.to}`,
    targetType: 'appointment',
    targetId: appointment.id,
    patientId: appointment.patientId,
    metadata: { from: appointment.status, to: args.to },
  });
  return { status: 'applied' };
};

export const executeUpdateAppointmentNotes = async (ctx: MutationContext, args: TUpdateAppointmentNotes): Promise<ExecuteOutcome> => {
  const appointment = await requireAppointment(ctx, args.appointmentId);
  await updateRow(ctx, 'appointments', appointment.id, { notes: args.notes });
  await auditScheduling(ctx, { action: 'appointment.notes_updated', targetType: 'appointment', targetId: appointment.id, patientId: appointment.patientId });
  return { status: 'applied' };
};
