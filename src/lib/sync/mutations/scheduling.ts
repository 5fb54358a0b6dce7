import type { z } from 'zod';
import {
  ZAddToWaitlist,
  ZBookAppointment,
  ZCancelSeries,
  ZCreateSeries,
  ZEditSeries,
  ZRemoveFromWaitlist,
  ZRescheduleAppointment,
  ZSaveAppointmentType,
  ZSaveHoliday,
  ZSaveLocation,
  ZSaveProvider,
  ZSaveRoom,
  ZSaveScheduleException,
  ZSaveWorkingHours,
  ZTransitionAppointment,
  ZUpdateAppointmentNotes,
} from '@/lib/domain/scheduling/schemas';
import {
  occurrenceDatesFrom,
  occurrenceId,
  planNewSeries,
  planRegeneration,
  planSplit,
  type OccurrenceFields,
  type PlannedOccurrence,
  type SeriesFields,
} from '@/lib/domain/scheduling/series-plan';
import { canTransition, isReschedulable, type AppointmentStatus } from '@/lib/domain/scheduling/status';
import type { LocalRow, LocalWriter } from '../client/local-writer';
import type { TSyncedTable } from '../protocol/tables';
import { defineMutation, type MutationDefinition, type MutationMeta } from './define';

/*
 * Scheduling mutations (issue #7). The optimistic effects mirror the server's executors
 * (src/lib/sync/server/executors/scheduling-*.ts) for the happy path; a refusal there (a slot taken
 * meanwhile, an illegal transition) reaches the device as a conflict and the next rebase takes the
 * optimistic rows back. The device checks collisions before it books (the calendar and the booking
 * form use src/lib/domain/scheduling/availability.ts on the local rows); these effects never refuse.
 */

/** The sync columns of a row born on the device now (the server sets the real version). */
const born = (meta: MutationMeta) => {
  const at = meta.createdAt.toISOString();
  return { version: 0, createdAt: at, updatedAt: at, createdBy: meta.userId, updatedBy: meta.userId, deletedAt: null };
};

/** Writes a set-up record: the fields given, over the row the device has (or a new one). */
const saveRow = async (db: LocalWriter, table: TSyncedTable, fields: LocalRow & { removed?: boolean }, meta: MutationMeta) => {
  const { removed, ...values } = fields;
  if (removed === true) {
    await db.remove(table, values.id);
    return;
  }
  const current = await db.get(table, values.id);
  await db.put(table, { ...born(meta), ...current, ...values, updatedAt: meta.createdAt.toISOString(), updatedBy: meta.userId });
};

/** A set-up mutation: practice settings permission, the row named by `id`, saved as given. */
const setupMutation = <TSchema extends z.ZodType<{ practiceId: string; id: string }>>(name: `${string}.${string}`, table: TSyncedTable, args: TSchema) =>
  defineMutation({
    name,
    args,
    permission: 'practice.settings.write',
    entity: table,
    practiceIdOf: (value) => value.practiceId,
    entityIdOf: (value) => value.id,
    applyLocal: (db, value, meta) => saveRow(db, table, value as LocalRow, meta),
  });

export const saveLocationMutation = setupMutation('locations.save', 'locations', ZSaveLocation);
export const saveRoomMutation = setupMutation('rooms.save', 'rooms', ZSaveRoom);
export const saveProviderMutation = setupMutation('providers.save', 'providers', ZSaveProvider);
export const saveAppointmentTypeMutation = setupMutation('appointment_types.save', 'appointment_types', ZSaveAppointmentType);
export const saveWorkingHoursMutation = setupMutation('working_hours.save', 'working_hours', ZSaveWorkingHours);
export const saveScheduleExceptionMutation = setupMutation('schedule_exceptions.save', 'schedule_exceptions', ZSaveScheduleException);
export const saveHolidayMutation = setupMutation('holidays.save', 'holidays', ZSaveHoliday);

/** The timestamps a status sets when an appointment reaches it (and clears when it leaves back). */
export const statusStamps = (to: AppointmentStatus, at: string): Record<string, string | null> => {
  switch (to) {
    case 'checked_in':
      return { checkedInAt: at, inRoomAt: null };
    case 'in_room':
      return { inRoomAt: at };
    case 'completed':
      return { completedAt: at };
    case 'cancelled':
      return { cancelledAt: at };
    case 'booked':
      // Undoing a check-in: the patient has not arrived after all.
      return { checkedInAt: null, inRoomAt: null };
    case 'confirmed':
    case 'no_show':
      return {};
  }
};

/** A booked appointment as the server's executor writes it. */
const newAppointment = (
  practiceId: string,
  fields: PlannedOccurrence | (Omit<PlannedOccurrence, 'seriesId' | 'occurrenceDate'> & { seriesId: null; occurrenceDate: null }),
  meta: MutationMeta,
  outOfHoursReason: string | null,
): LocalRow => ({
  ...fields,
  practiceId,
  status: 'booked',
  cancelReason: null,
  outOfHoursReason,
  detached: false,
  checkedInAt: null,
  inRoomAt: null,
  completedAt: null,
  cancelledAt: null,
  ...born(meta),
});

export const bookAppointmentMutation = defineMutation({
  name: 'appointments.book',
  args: ZBookAppointment,
  permission: 'schedule.write',
  entity: 'appointments',
  practiceIdOf: (args) => args.practiceId,
  entityIdOf: (args) => args.id,
  applyLocal: async (db, args, meta) => {
    const { waitlistEntryId, practiceId, outOfHoursReason, ...fields } = args;
    await db.put('appointments', newAppointment(practiceId, { ...fields, seriesId: null, occurrenceDate: null }, meta, outOfHoursReason));
    if (waitlistEntryId !== null) {
      const entry = await db.get('waitlist_entries', waitlistEntryId);
      if (entry && entry.status === 'waiting') {
        await db.put('waitlist_entries', { ...entry, status: 'booked', appointmentId: args.id, updatedAt: meta.createdAt.toISOString(), updatedBy: meta.userId });
      }
    }
  },
});

export const rescheduleAppointmentMutation = defineMutation({
  name: 'appointments.reschedule',
  args: ZRescheduleAppointment,
  permission: 'schedule.write',
  entity: 'appointments',
  practiceIdOf: (args) => args.practiceId,
  entityIdOf: (args) => args.appointmentId,
  applyLocal: async (db, args, meta) => {
    const row = await db.get('appointments', args.appointmentId);
    if (!row || !isReschedulable(row.status as AppointmentStatus)) {
      return;
    }
    await db.put('appointments', {
      ...row,
      providerId: args.providerId,
      roomId: args.roomId,
      startsAt: args.startsAt,
      endsAt: args.endsAt,
      outOfHoursReason: args.outOfHoursReason,
      // An occurrence moved on its own leaves the series' later edits alone.
      detached: row.seriesId !== null ? true : row.detached,
      updatedAt: meta.createdAt.toISOString(),
      updatedBy: meta.userId,
    });
  },
});

export const transitionAppointmentMutation = defineMutation({
  name: 'appointments.transition',
  args: ZTransitionAppointment,
  permission: 'schedule.write',
  entity: 'appointments',
  practiceIdOf: (args) => args.practiceId,
  entityIdOf: (args) => args.appointmentId,
  applyLocal: async (db, args, meta) => {
    const row = await db.get('appointments', args.appointmentId);
    if (!row || !canTransition(row.status as AppointmentStatus, args.to)) {
      return;
    }
    const at = meta.createdAt.toISOString();
    await db.put('appointments', {
      ...row,
      ...statusStamps(args.to, at),
      status: args.to,
      cancelReason: args.to === 'cancelled' ? args.reason : null,
      detached: row.seriesId !== null ? true : row.detached,
      updatedAt: at,
      updatedBy: meta.userId,
    });
  },
});

export const updateAppointmentNotesMutation = defineMutation({
  name: 'appointments.update_notes',
  args: ZUpdateAppointmentNotes,
  permission: 'schedule.write',
  entity: 'appointments',
  practiceIdOf: (args) => args.practiceId,
  entityIdOf: (args) => args.appointmentId,
  applyLocal: async (db, args, meta) => {
    const row = await db.get('appointments', args.appointmentId);
    if (row) {
      await db.put('appointments', { ...row, notes: args.notes, updatedAt: meta.createdAt.toISOString(), updatedBy: meta.userId });
    }
  },
});

/** Writes a series plan's occurrences into the device database. */
const applyPlanLocally = async (
  db: LocalWriter,
  practiceId: string,
  plan: { upserts: readonly PlannedOccurrence[]; removals: readonly string[] },
  meta: MutationMeta,
  outOfHoursReason: string | null,
) => {
  for (const id of plan.removals) {
    await db.remove('appointments', id);
  }
  for (const occurrence of plan.upserts) {
    const current = await db.get('appointments', occurrence.id);
    const fresh = newAppointment(practiceId, occurrence, meta, outOfHoursReason);
    await db.put('appointments', current ? { ...current, ...occurrence, status: 'booked', detached: false, deletedAt: null, updatedAt: fresh.updatedAt, updatedBy: meta.userId } : fresh);
  }
};

/** The occurrences of `series` the device holds on and after `fromDate`. */
const localOccurrences = async (db: LocalWriter, series: SeriesFields, fromDate: string): Promise<OccurrenceFields[]> => {
  const rows: OccurrenceFields[] = [];
  for (const date of occurrenceDatesFrom(series, fromDate)) {
    const row = await db.get('appointments', occurrenceId(series.id, date));
    if (row) {
      rows.push(row as unknown as OccurrenceFields);
    }
  }
  return rows;
};

export const createSeriesMutation = defineMutation({
  name: 'appointment_series.create',
  args: ZCreateSeries,
  permission: 'schedule.write',
  entity: 'appointment_series',
  practiceIdOf: (args) => args.practiceId,
  entityIdOf: (args) => args.id,
  applyLocal: async (db, args, meta) => {
    const location = await db.get('locations', args.locationId);
    if (!location || typeof location.timeZone !== 'string') {
      return; // the server will answer; the device cannot place the series without the zone
    }
    const { outOfHoursReason, ...fields } = args;
    const series: SeriesFields = { ...fields, timeZone: location.timeZone, exceptionDates: [] };
    await db.put('appointment_series', { ...series, ...born(meta) });
    await applyPlanLocally(db, args.practiceId, planNewSeries(series), meta, outOfHoursReason);
  },
});

export const editSeriesMutation = defineMutation({
  name: 'appointment_series.edit',
  args: ZEditSeries,
  permission: 'schedule.write',
  entity: 'appointment_series',
  practiceIdOf: (args) => args.practiceId,
  entityIdOf: (args) => args.seriesId,
  applyLocal: async (db, args, meta) => {
    const row = await db.get('appointment_series', args.seriesId);
    if (!row) {
      return;
    }
    const series = row as unknown as SeriesFields;
    const existing = await localOccurrences(db, series, args.fromDate);
    const at = meta.createdAt.toISOString();
    if (args.scope === 'all') {
      const edited: SeriesFields = { ...series, ...args.changes };
      await db.put('appointment_series', { ...row, ...args.changes, updatedAt: at, updatedBy: meta.userId });
      await applyPlanLocally(db, args.practiceId, planRegeneration(edited, existing, args.fromDate), meta, args.outOfHoursReason);
      return;
    }
    if (args.newSeriesId === null) {
      return; // refused by the server (validation)
    }
    const newSeries: SeriesFields = { ...series, ...args.changes, id: args.newSeriesId, startDate: args.fromDate, exceptionDates: [] };
    const { oldRule, newExceptionDates, plan } = planSplit(series, existing, args.fromDate, newSeries);
    await db.put('appointment_series', { ...row, rule: oldRule, updatedAt: at, updatedBy: meta.userId });
    await db.put('appointment_series', { ...newSeries, exceptionDates: newExceptionDates, ...born(meta) });
    await applyPlanLocally(db, args.practiceId, plan, meta, args.outOfHoursReason);
  },
});

export const cancelSeriesMutation = defineMutation({
  name: 'appointment_series.cancel',
  args: ZCancelSeries,
  permission: 'schedule.write',
  entity: 'appointment_series',
  practiceIdOf: (args) => args.practiceId,
  entityIdOf: (args) => args.seriesId,
  applyLocal: async (db, args, meta) => {
    const row = await db.get('appointment_series', args.seriesId);
    if (!row) {
      return;
    }
    const at = meta.createdAt.toISOString();
    for (const occurrence of await localOccurrences(db, row as unknown as SeriesFields, args.fromDate)) {
      if (occurrence.deletedAt === null && canTransition(occurrence.status, 'cancelled') && isReschedulable(occurrence.status)) {
        await db.put('appointments', { ...(occurrence as unknown as LocalRow), status: 'cancelled', cancelReason: args.reason, cancelledAt: at, updatedAt: at, updatedBy: meta.userId });
      }
    }
  },
});

export const addToWaitlistMutation = defineMutation({
  name: 'waitlist.add',
  args: ZAddToWaitlist,
  permission: 'schedule.write',
  entity: 'waitlist_entries',
  practiceIdOf: (args) => args.practiceId,
  entityIdOf: (args) => args.id,
  applyLocal: async (db, args, meta) => {
    await db.put('waitlist_entries', { ...args, status: 'waiting', appointmentId: null, ...born(meta) });
  },
});

export const removeFromWaitlistMutation = defineMutation({
  name: 'waitlist.remove',
  args: ZRemoveFromWaitlist,
  permission: 'schedule.write',
  entity: 'waitlist_entries',
  practiceIdOf: (args) => args.practiceId,
  entityIdOf: (args) => args.entryId,
  applyLocal: async (db, args, meta) => {
    const entry = await db.get('waitlist_entries', args.entryId);
    if (entry && entry.status === 'waiting') {
      await db.put('waitlist_entries', { ...entry, status: 'removed', updatedAt: meta.createdAt.toISOString(), updatedBy: meta.userId });
    }
  },
});

/** Every scheduling mutation, for the registry. */
export const SCHEDULING_MUTATIONS: readonly MutationDefinition[] = [
  saveLocationMutation,
  saveRoomMutation,
  saveProviderMutation,
  saveAppointmentTypeMutation,
  saveWorkingHoursMutation,
  saveScheduleExceptionMutation,
  saveHolidayMutation,
  bookAppointmentMutation,
  rescheduleAppointmentMutation,
  transitionAppointmentMutation,
  updateAppointmentNotesMutation,
  createSeriesMutation,
  editSeriesMutation,
  cancelSeriesMutation,
  addToWaitlistMutation,
  removeFromWaitlistMutation,
].map((definition) => definition as unknown as MutationDefinition);
