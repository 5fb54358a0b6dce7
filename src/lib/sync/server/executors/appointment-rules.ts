import 'server-only';
import { and, eq, gt, inArray, isNull, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import { AppError } from '@/lib/api/errors';
import type { Location } from '@/lib/db/schema/practices';
import type { Patient } from '@/lib/db/schema/patients';
import { appointments, holidays, scheduleExceptions, workingHours, type AppointmentType, type Provider, type Room } from '@/lib/db/schema/scheduling';
import { isWithinWorkingHours } from '@/lib/domain/scheduling/availability';
import { ACTIVE_STATUSES } from '@/lib/domain/scheduling/status';
import { addDays, instantToZoned } from '@/lib/domain/scheduling/zoned-time';
import type { TConflictReason } from '../../protocol/push';
import type { TSyncedTable } from '../../protocol/tables';
import type { ExecuteOutcome, MutationContext } from '../context';
import { newConflictId, recordConflicts } from '../record-conflict';
import { fieldError, requireRow } from './scheduling-rows';

/*
 * The rules every booking, move and series obeys on the server (issue #7 §3): what it names exists
 * in the practice and is in use, a type that needs a room has one of the location, the time is in
 * the provider's working hours unless a reason is given, and no active appointment of the provider
 * or room overlaps it. The last is decided by the database (exclusion constraints); the query here
 * only finds *which* appointment is in the way, for the conflict the front desk sees.
 */

export type Slot = { providerId: string; roomId: string | null; startsAt: Date; endsAt: Date };

export type BookingParts = { patient: Patient; provider: Provider; location: Location; type: AppointmentType; room: Room | null };

/** Looks up and checks what a booking names, with a field error for the first that is wrong. */
export const requireBookingParts = async (
  ctx: MutationContext,
  names: { patientId: string; providerId: string; locationId: string; typeId: string; roomId: string | null },
): Promise<BookingParts> => {
  const patient = await requireRow<Patient>(ctx, 'patients', names.patientId, 'patientId', 'This patient');
  if (patient.archivedAt !== null) {
    throw fieldError('patientId', 'This patient is archived; restore them before booking');
  }
  const provider = await requireRow<Provider>(ctx, 'providers', names.providerId, 'providerId', 'This provider');
  if (!provider.active) {
    throw fieldError('providerId', 'This provider no longer takes bookings');
  }
  const location = await requireRow<Location>(ctx, 'locations', names.locationId, 'locationId', 'This location');
  const type = await requireRow<AppointmentType>(ctx, 'appointment_types', names.typeId, 'typeId', 'This appointment type');
  if (!type.active) {
    throw fieldError('typeId', 'This appointment type is no longer offered');
  }
  const room = await requireRoom(ctx, names.roomId, location.id, type);
  return { patient, provider, location, type, room };
};

/** The room, checked to be in use at the location; null when none is named and the type needs none. */
export const requireRoom = async (ctx: MutationContext, roomId: string | null, locationId: string, type: AppointmentType): Promise<Room | null> => {
  if (roomId === null) {
    if (type.needsRoom) {
      throw fieldError('roomId', 'This appointment type needs a room');
    }
    return null;
  }
  const room = await requireRow<Room>(ctx, 'rooms', roomId, 'roomId', 'This room');
  if (room.locationId !== locationId.toLowerCase() || !room.active) {
    throw fieldError('roomId', 'This room is not in use at the location');
  }
  return room;
};

/**
 * Refuses a time outside the provider's working hours at the location (with its exceptions and
 * holidays) unless the person gave a reason to book anyway.
 */
export const assertWorkingHours = async (
  ctx: MutationContext,
  { providerId, location, slots, outOfHoursReason }: { providerId: string; location: Location; slots: readonly Slot[]; outOfHoursReason: string | null },
): Promise<void> => {
  if (outOfHoursReason !== null || slots.length === 0) {
    return;
  }
  const dates = slots.flatMap((slot) => [instantToZoned(slot.startsAt, location.timeZone).date, instantToZoned(slot.endsAt, location.timeZone).date]);
  const first = addDays(dates.reduce((a, b) => (a < b ? a : b)), -1);
  const last = addDays(dates.reduce((a, b) => (a > b ? a : b)), 1);
  const provider = providerId.toLowerCase();
  // One after another: a transaction is one connection, which runs one query at a time anyway.
  const hours = await ctx.tx
    .select()
    .from(workingHours)
    .where(and(eq(workingHours.practiceId, ctx.practiceId), eq(workingHours.providerId, provider), eq(workingHours.locationId, location.id), isNull(workingHours.deletedAt)));
  const exceptions = await ctx.tx
    .select()
    .from(scheduleExceptions)
    .where(
      and(
        eq(scheduleExceptions.practiceId, ctx.practiceId),
        eq(scheduleExceptions.providerId, provider),
        isNull(scheduleExceptions.deletedAt),
        sql`${scheduleExceptions.date} between ${first} and ${last}`,
      ),
    );
  const closed = await ctx.tx
    .select()
    .from(holidays)
    .where(and(eq(holidays.practiceId, ctx.practiceId), isNull(holidays.deletedAt), sql`${holidays.date} between ${first} and ${last}`));
  const calendar = {
    providerId: provider,
    locationId: location.id,
    timeZone: location.timeZone,
    workingHours: hours.map((row) => ({ ...row, deletedAt: null })),
    exceptions: exceptions.map((row) => ({ ...row, deletedAt: null })),
    holidays: closed.map((row) => ({ ...row, deletedAt: null })),
  };
  const outside = slots.filter((slot) => !isWithinWorkingHours({ ...calendar, start: slot.startsAt, end: slot.endsAt }));
  if (outside.length > 0) {
    throw fieldError('outOfHoursReason', "Outside the provider's working hours: give a reason to book anyway");
  }
};

/** The active appointments (other than `except`) in the way of any of the slots, by provider or room. */
export const findBlockers = async (ctx: MutationContext, slots: readonly Slot[], except: readonly string[] = []) => {
  if (slots.length === 0) {
    return [];
  }
  const overlapsAny: SQL[] = slots.map((slot) => {
    const sameResource = slot.roomId === null ? eq(appointments.providerId, slot.providerId.toLowerCase()) : or(eq(appointments.providerId, slot.providerId.toLowerCase()), eq(appointments.roomId, slot.roomId.toLowerCase()));
    return and(sameResource, lt(appointments.startsAt, slot.endsAt), gt(appointments.endsAt, slot.startsAt)) as SQL;
  });
  return ctx.tx
    .select({ id: appointments.id, providerId: appointments.providerId, roomId: appointments.roomId, startsAt: appointments.startsAt, endsAt: appointments.endsAt })
    .from(appointments)
    .where(
      and(
        eq(appointments.practiceId, ctx.practiceId),
        isNull(appointments.deletedAt),
        inArray(appointments.status, [...ACTIVE_STATUSES]),
        ...(except.length > 0 ? except.map((id) => ne(appointments.id, id.toLowerCase())) : []),
        or(...overlapsAny),
      ),
    )
    .orderBy(appointments.startsAt)
    .limit(20);
};

/** Records a conflict about a scheduling entity and answers it (DESIGN §5: a visible refusal). */
export const conflictOutcome = async (
  ctx: MutationContext,
  conflict: { reason: TConflictReason; entityTable: TSyncedTable; entityId: string | null; mine: Record<string, unknown>; theirs?: Record<string, unknown> | null; base?: Record<string, unknown> | null },
): Promise<ExecuteOutcome> => {
  const id = newConflictId();
  await recordConflicts(ctx.tx, [
    { ...conflict, id, practiceId: ctx.practiceId, version: ctx.version, mutationName: ctx.mutationName, clientId: ctx.clientId, mutationId: ctx.mutationId, authorUserId: ctx.userId },
  ]);
  return { status: 'conflict', reason: conflict.reason, conflictId: id };
};

/**
 * What the front desk is told about the appointments in the way: their times and which resource
 * collides, never whose appointment it is (a conflict is visible to everyone who reads the schedule,
 * and the other appointment's patient is not this booking's business).
 */
export const describeBlockers = (blockers: Awaited<ReturnType<typeof findBlockers>>, slots: readonly Slot[]) => ({
  takenBy: blockers.map((blocker) => ({
    appointmentId: blocker.id,
    startsAt: blocker.startsAt.toISOString(),
    endsAt: blocker.endsAt.toISOString(),
    resource: slots.some((slot) => slot.providerId.toLowerCase() === blocker.providerId) ? 'provider' : 'room',
  })),
});

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} was not found.`);
