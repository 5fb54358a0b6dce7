import 'server-only';
import { and, eq, gte, sql } from 'drizzle-orm';
import { AppError } from '@/lib/api/errors';
import { isExclusionViolation } from '@/lib/db/errors';
import type { Location } from '@/lib/db/schema/practices';
import { appointments, type Appointment, type AppointmentSeries, type AppointmentType, type Provider } from '@/lib/db/schema/scheduling';
import type { TCancelSeries, TCreateSeries, TEditSeries } from '@/lib/domain/scheduling/schemas';
import { planNewSeries, planRegeneration, planSplit, type OccurrenceFields, type SeriesFields, type SeriesPlan } from '@/lib/domain/scheduling/series-plan';
import { isReschedulable } from '@/lib/domain/scheduling/status';
import type { ExecuteOutcome, MutationContext } from '../context';
import { assertWorkingHours, conflictOutcome, describeBlockers, findBlockers, requireBookingParts, requireRoom, type Slot } from './appointment-rules';
import { auditScheduling, fieldError, insertRow, lockRow, requireRow, tombstoneRow, updateRow } from './scheduling-rows';

/*
 * The server's side of the series mutations: the plan (src/lib/domain/scheduling/series-plan.ts) is
 * the same the device applied optimistically; here it is checked (working hours, every occurrence's
 * slot) and written. A series books all its occurrences or none: when any is taken, the whole change
 * is a `slot_taken` conflict naming the dates in the way, and the front desk picks another time or
 * books the series around them.
 */

const seriesFields = (row: AppointmentSeries): SeriesFields => ({
  id: row.id,
  practiceId: row.practiceId,
  patientId: row.patientId,
  providerId: row.providerId,
  locationId: row.locationId,
  roomId: row.roomId,
  typeId: row.typeId,
  rule: row.rule,
  startDate: row.startDate,
  startTime: row.startTime,
  durationMinutes: row.durationMinutes,
  timeZone: row.timeZone,
  exceptionDates: row.exceptionDates,
  notes: row.notes,
});

const occurrenceFields = (row: Appointment): OccurrenceFields => ({
  id: row.id,
  seriesId: row.seriesId ?? '',
  occurrenceDate: row.occurrenceDate ?? '',
  providerId: row.providerId,
  roomId: row.roomId,
  typeId: row.typeId,
  locationId: row.locationId,
  patientId: row.patientId,
  startsAt: row.startsAt.toISOString(),
  endsAt: row.endsAt.toISOString(),
  status: row.status,
  detached: row.detached,
  notes: row.notes,
  deletedAt: row.deletedAt === null ? null : row.deletedAt.toISOString(),
});

/** The series' occurrences on and after a date (tombstoned ones too: a plan may revive them), locked. */
const occurrencesFrom = async (ctx: MutationContext, seriesId: string, fromDate: string): Promise<Appointment[]> =>
  ctx.tx
    .select()
    .from(appointments)
    .where(and(eq(appointments.practiceId, ctx.practiceId), eq(appointments.seriesId, seriesId), gte(appointments.occurrenceDate, fromDate)))
    .for('update');

type PlanConflict = { entityId: string; mine: Record<string, unknown> };

/** A `slot_taken` conflict when any occurrence of the plan is in another appointment's way. */
const takenOutcome = async (ctx: MutationContext, plan: SeriesPlan, conflict: PlanConflict, checkFirst: boolean): Promise<ExecuteOutcome | null> => {
  const slots = slotsOf(plan);
  // The plan's own rows (those it moves or removes) are not in its way.
  const moving = [...plan.removals, ...plan.upserts.map((o) => o.id)];
  const blockers = await findBlockers(ctx, slots, moving);
  if (checkFirst && blockers.length === 0) {
    return null;
  }
  return conflictOutcome(ctx, { reason: 'slot_taken', entityTable: 'appointment_series', entityId: conflict.entityId, mine: conflict.mine, theirs: describeBlockers(blockers, slots) });
};

/**
 * Writes a plan: removals first (their slots free up for the plan's own occurrences), then each
 * occurrence inserted or revived in place, in a savepoint. A booking committed by someone else since
 * the check trips the exclusion constraint: nothing of the plan stays, and the answer is the conflict.
 */
const writePlan = async (ctx: MutationContext, plan: SeriesPlan, conflict: PlanConflict, outOfHoursReason: string | null): Promise<ExecuteOutcome | null> => {
  try {
    await ctx.tx.transaction(async () => {
      for (const id of plan.removals) {
        await tombstoneRow(ctx, 'appointments', id);
      }
      for (const { id, ...occurrence } of plan.upserts) {
        const values = { ...occurrence, startsAt: new Date(occurrence.startsAt), endsAt: new Date(occurrence.endsAt), status: 'booked', outOfHoursReason };
        if (await lockRow<Appointment>(ctx, 'appointments', id)) {
          await updateRow(ctx, 'appointments', id, { ...values, detached: false, deletedAt: null, cancelReason: null, cancelledAt: null });
        } else {
          await insertRow(ctx, 'appointments', { ...values, id });
        }
      }
    });
  } catch (error) {
    if (isExclusionViolation(error)) {
      return takenOutcome(ctx, plan, conflict, false);
    }
    throw error;
  }
  return null;
};

/** The occurrences' slots, for the working-hours check. */
const slotsOf = (plan: SeriesPlan): Slot[] =>
  plan.upserts.map((o) => ({ providerId: o.providerId, roomId: o.roomId, startsAt: new Date(o.startsAt), endsAt: new Date(o.endsAt) }));

export const executeCreateSeries = async (ctx: MutationContext, args: TCreateSeries): Promise<ExecuteOutcome> => {
  const parts = await requireBookingParts(ctx, args);
  const { outOfHoursReason, practiceId: _practiceId, ...fields } = args;
  const series: SeriesFields = { ...fields, practiceId: ctx.practiceId, timeZone: parts.location.timeZone, exceptionDates: [] };
  const plan = planNewSeries(series);
  if (plan.upserts.length === 0) {
    throw fieldError('rule', 'This rule has no occurrence on or after the start date');
  }
  await assertWorkingHours(ctx, { providerId: args.providerId, location: parts.location, slots: slotsOf(plan), outOfHoursReason });
  const conflict = { entityId: args.id, mine: { ...args } };
  const blocked = await takenOutcome(ctx, plan, conflict, true);
  if (blocked) {
    return blocked;
  }
  await insertRow(ctx, 'appointment_series', { ...series });
  const refused = await writePlan(ctx, plan, conflict, outOfHoursReason);
  if (refused) {
    // Nothing of the series stays: the conflict holds what was asked for.
    await tombstoneRow(ctx, 'appointment_series', args.id);
    return refused;
  }
  await auditScheduling(ctx, {
    action: 'appointment_series.created',
    targetType: 'appointment_series',
    targetId: args.id,
    patientId: parts.patient.id,
    metadata: { occurrences: String(plan.upserts.length), providerId: parts.provider.id },
  });
  return { status: 'applied' };
};

const requireSeries = async (ctx: MutationContext, id: string): Promise<AppointmentSeries> => {
  const row = await lockRow<AppointmentSeries>(ctx, 'appointment_series', id);
  if (!row || row.deletedAt !== null) {
    throw new AppError('NOT_FOUND', 'This series was not found.');
  }
  return row;
};

export const executeEditSeries = async (ctx: MutationContext, args: TEditSeries): Promise<ExecuteOutcome> => {
  const row = await requireSeries(ctx, args.seriesId);
  const series = seriesFields(row);
  const edited: SeriesFields = { ...series, ...args.changes };
  // What the changes name must exist and be in use, as for a new booking.
  const location = await requireRow<Location>(ctx, 'locations', edited.locationId, 'locationId', 'This location');
  const provider = await requireRow<Provider>(ctx, 'providers', edited.providerId, 'changes.providerId', 'This provider');
  if (!provider.active) {
    throw fieldError('changes.providerId', 'This provider no longer takes bookings');
  }
  const type = await requireRow<AppointmentType>(ctx, 'appointment_types', edited.typeId, 'changes.typeId', 'This appointment type');
  await requireRoom(ctx, edited.roomId, location.id, type);
  const existing = (await occurrencesFrom(ctx, row.id, args.fromDate)).map(occurrenceFields);
  const mine = { ...args };

  if (args.scope === 'all') {
    const plan = planRegeneration(edited, existing, args.fromDate);
    await assertWorkingHours(ctx, { providerId: edited.providerId, location, slots: slotsOf(plan), outOfHoursReason: args.outOfHoursReason });
    const refused = (await takenOutcome(ctx, plan, { entityId: row.id, mine }, true)) ?? (await writePlan(ctx, plan, { entityId: row.id, mine }, args.outOfHoursReason));
    if (refused) {
      return refused;
    }
    await updateRow(ctx, 'appointment_series', row.id, { ...args.changes });
  } else {
    if (args.newSeriesId === null) {
      throw fieldError('newSeriesId', 'Editing this and the following occurrences needs the new series id');
    }
    const newSeries: SeriesFields = { ...edited, id: args.newSeriesId.toLowerCase(), startDate: args.fromDate, exceptionDates: [] };
    const { oldRule, newExceptionDates, plan } = planSplit(series, existing, args.fromDate, newSeries);
    if (plan.upserts.length === 0) {
      throw fieldError('changes.rule', 'This rule has no occurrence on or after this date');
    }
    await assertWorkingHours(ctx, { providerId: edited.providerId, location, slots: slotsOf(plan), outOfHoursReason: args.outOfHoursReason });
    const blocked = await takenOutcome(ctx, plan, { entityId: row.id, mine }, true);
    if (blocked) {
      return blocked;
    }
    await insertRow(ctx, 'appointment_series', { ...newSeries, exceptionDates: newExceptionDates });
    const refused = await writePlan(ctx, plan, { entityId: row.id, mine }, args.outOfHoursReason);
    if (refused) {
      await tombstoneRow(ctx, 'appointment_series', newSeries.id);
      return refused;
    }
    await updateRow(ctx, 'appointment_series', row.id, { rule: oldRule });
  }
  await auditScheduling(ctx, {
    action: 'appointment_series.edited',
    targetType: 'appointment_series',
    targetId: row.id,
    patientId: row.patientId,
    metadata: { scope: args.scope, fromDate: args.fromDate, fields: Object.keys(args.changes), newSeriesId: args.newSeriesId },
  });
  return { status: 'applied' };
};

export const executeCancelSeries = async (ctx: MutationContext, args: TCancelSeries): Promise<ExecuteOutcome> => {
  const row = await requireSeries(ctx, args.seriesId);
  const cancelled: string[] = [];
  for (const occurrence of await occurrencesFrom(ctx, row.id, args.fromDate)) {
    // Only what has not started: a checked-in or completed visit is history.
    if (occurrence.deletedAt === null && isReschedulable(occurrence.status)) {
      await updateRow(ctx, 'appointments', occurrence.id, { status: 'cancelled', cancelReason: args.reason, cancelledAt: sql`now()` });
      cancelled.push(occurrence.id);
    }
  }
  await auditScheduling(ctx, {
    action: 'appointment_series.cancelled',
    targetType: 'appointment_series',
    targetId: row.id,
    patientId: row.patientId,
    metadata: { fromDate: args.fromDate, occurrences: String(cancelled.length) },
  });
  return { status: 'applied' };
};
