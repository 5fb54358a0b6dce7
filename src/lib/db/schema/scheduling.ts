import { sql } from 'drizzle-orm';
import { boolean, check, date, foreignKey, index, integer, jsonb, pgTable, smallint, text, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { APPOINTMENT_STATUSES, type AppointmentStatus } from '../../domain/scheduling/status';
import { users } from './auth';
import { idColumn, practiceIdColumn, sqlStringList, syncColumns, timestamptz } from './columns';
import { patients } from './patients';
import { locations, practices } from './practices';

/*
 * Scheduling (issue #7): the practice's set-up (rooms, providers, appointment types, working hours,
 * exceptions, holidays) and the appointments, series and waitlist built on it. Every table syncs to
 * devices (DESIGN §4 columns, row-level security in drizzle/0010_scheduling.sql) and is written only
 * by the mutation executors (src/lib/sync/server/executors/scheduling*.ts).
 *
 * Foreign keys between these tables carry `practice_id` (DESIGN §4), so a row can never point into
 * another practice. Wall-clock times (`HH:MM`) are local to the location's IANA zone; appointments
 * are instants (timestamptz).
 *
 * The one rule no device can be trusted with — a provider or room never holds two active
 * appointments at once — is an exclusion constraint (btree_gist) added by hand in the migration:
 * drizzle-kit has no syntax for EXCLUDE.
 */

const HHMM = sql.raw(`'^([01][0-9]|2[0-3]):[0-5][0-9]$'`);
const COLOUR = sql.raw(`'^#[0-9a-f]{6}$'`);

/** A treatment or consulting room of a location, bookable with appointment types that need one. */
export const rooms = pgTable(
  'rooms',
  {
    id: idColumn(),
    practiceId: practiceIdColumn().references(() => practices.id),
    locationId: uuid('location_id').notNull(),
    name: text('name').notNull(),
    /** Retired rooms keep their appointments and leave the booking lists. */
    active: boolean('active').notNull().default(true),
    ...syncColumns(),
  },
  (t) => [
    unique('rooms_practice_id_id_unique').on(t.practiceId, t.id),
    index('rooms_practice_id_version_idx').on(t.practiceId, t.version),
    foreignKey({ name: 'rooms_location_fk', columns: [t.practiceId, t.locationId], foreignColumns: [locations.practiceId, locations.id] }),
  ],
);

/**
 * A member who sees patients on the calendar, with the colour of their column. One per member and
 * practice; the member must hold a role that may sign notes (provider, owner).
 */
export const providers = pgTable(
  'providers',
  {
    id: idColumn(),
    practiceId: practiceIdColumn().references(() => practices.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    displayName: text('display_name').notNull(),
    /** `#rrggbb`, lower case. */
    colour: text('colour').notNull(),
    active: boolean('active').notNull().default(true),
    ...syncColumns(),
  },
  (t) => [
    unique('providers_practice_id_id_unique').on(t.practiceId, t.id),
    unique('providers_practice_id_user_id_unique').on(t.practiceId, t.userId),
    index('providers_practice_id_version_idx').on(t.practiceId, t.version),
    check('providers_colour_format', sql`${t.colour} ~ ${COLOUR}`),
  ],
);

/** What is booked: its length, colour, whether it needs a room, and the provider's time around it. */
export const appointmentTypes = pgTable(
  'appointment_types',
  {
    id: idColumn(),
    practiceId: practiceIdColumn().references(() => practices.id),
    name: text('name').notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    colour: text('colour').notNull(),
    needsRoom: boolean('needs_room').notNull().default(false),
    bufferBeforeMinutes: integer('buffer_before_minutes').notNull().default(0),
    bufferAfterMinutes: integer('buffer_after_minutes').notNull().default(0),
    active: boolean('active').notNull().default(true),
    ...syncColumns(),
  },
  (t) => [
    unique('appointment_types_practice_id_id_unique').on(t.practiceId, t.id),
    index('appointment_types_practice_id_version_idx').on(t.practiceId, t.version),
    check('appointment_types_colour_format', sql`${t.colour} ~ ${COLOUR}`),
    check('appointment_types_duration_range', sql`${t.durationMinutes} between 5 and 480`),
    check('appointment_types_buffers_range', sql`${t.bufferBeforeMinutes} between 0 and 120 and ${t.bufferAfterMinutes} between 0 and 120`),
  ],
);

/** A provider's regular hours at a location on one weekday (ISO: 1 = Monday … 7 = Sunday). */
export const workingHours = pgTable(
  'working_hours',
  {
    id: idColumn(),
    practiceId: practiceIdColumn().references(() => practices.id),
    providerId: uuid('provider_id').notNull(),
    locationId: uuid('location_id').notNull(),
    weekday: smallint('weekday').notNull(),
    startTime: text('start_time').notNull(),
    endTime: text('end_time').notNull(),
    /** First and last local date these hours apply (null: open-ended), for a changing rota. */
    validFrom: date('valid_from', { mode: 'string' }),
    validUntil: date('valid_until', { mode: 'string' }),
    ...syncColumns(),
  },
  (t) => [
    index('working_hours_practice_id_version_idx').on(t.practiceId, t.version),
    foreignKey({ name: 'working_hours_provider_fk', columns: [t.practiceId, t.providerId], foreignColumns: [providers.practiceId, providers.id] }),
    foreignKey({ name: 'working_hours_location_fk', columns: [t.practiceId, t.locationId], foreignColumns: [locations.practiceId, locations.id] }),
    check('working_hours_weekday_range', sql`${t.weekday} between 1 and 7`),
    check('working_hours_times', sql`${t.startTime} ~ ${HHMM} and ${t.endTime} ~ ${HHMM} and ${t.startTime} < ${t.endTime}`),
    check('working_hours_validity', sql`${t.validFrom} is null or ${t.validUntil} is null or ${t.validFrom} <= ${t.validUntil}`),
  ],
);

export const SCHEDULE_EXCEPTION_KINDS = ['time_off', 'extra_hours'] as const;
export type ScheduleExceptionKind = (typeof SCHEDULE_EXCEPTION_KINDS)[number];

/** A date on which a provider's hours differ: time off (the whole day or a range) or extra hours. */
export const scheduleExceptions = pgTable(
  'schedule_exceptions',
  {
    id: idColumn(),
    practiceId: practiceIdColumn().references(() => practices.id),
    providerId: uuid('provider_id').notNull(),
    /** Null: at every location. */
    locationId: uuid('location_id'),
    date: date('date', { mode: 'string' }).notNull(),
    kind: text('kind').$type<ScheduleExceptionKind>().notNull(),
    /** Both null: the whole day (time off only). */
    startTime: text('start_time'),
    endTime: text('end_time'),
    note: text('note'),
    ...syncColumns(),
  },
  (t) => [
    index('schedule_exceptions_practice_id_version_idx').on(t.practiceId, t.version),
    foreignKey({ name: 'schedule_exceptions_provider_fk', columns: [t.practiceId, t.providerId], foreignColumns: [providers.practiceId, providers.id] }),
    foreignKey({ name: 'schedule_exceptions_location_fk', columns: [t.practiceId, t.locationId], foreignColumns: [locations.practiceId, locations.id] }),
    check('schedule_exceptions_kind_valid', sql`${t.kind} in (${sqlStringList(SCHEDULE_EXCEPTION_KINDS)})`),
    check(
      'schedule_exceptions_times',
      sql`(${t.startTime} is null and ${t.endTime} is null and ${t.kind} = 'time_off') or (${t.startTime} ~ ${HHMM} and ${t.endTime} ~ ${HHMM} and ${t.startTime} < ${t.endTime})`,
    ),
  ],
);

/** A day the clinic is closed: at one location, or at every location when `location_id` is null. */
export const holidays = pgTable(
  'holidays',
  {
    id: idColumn(),
    practiceId: practiceIdColumn().references(() => practices.id),
    locationId: uuid('location_id'),
    date: date('date', { mode: 'string' }).notNull(),
    name: text('name').notNull(),
    ...syncColumns(),
  },
  (t) => [
    index('holidays_practice_id_version_idx').on(t.practiceId, t.version),
    foreignKey({ name: 'holidays_location_fk', columns: [t.practiceId, t.locationId], foreignColumns: [locations.practiceId, locations.id] }),
  ],
);

/**
 * A recurring series (RFC 5545 rule, `rrule` text without DTSTART) at a local start date and time
 * in the location's zone. Its occurrences are materialized as appointments (so the exclusion
 * constraint and every screen see them); `exception_dates` are occurrences taken out of the series
 * (EXDATE). An occurrence edited on its own stays an appointment of the series marked `detached`,
 * and later edits of "all" leave it alone.
 */
export const appointmentSeries = pgTable(
  'appointment_series',
  {
    id: idColumn(),
    practiceId: practiceIdColumn().references(() => practices.id),
    patientId: uuid('patient_id').notNull(),
    providerId: uuid('provider_id').notNull(),
    locationId: uuid('location_id').notNull(),
    roomId: uuid('room_id'),
    typeId: uuid('type_id').notNull(),
    rule: text('rule').notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    startTime: text('start_time').notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    /** The location's zone when the series was made: its wall times are read in it. */
    timeZone: text('time_zone').notNull(),
    exceptionDates: jsonb('exception_dates').$type<string[]>().notNull().default([]),
    notes: text('notes'),
    ...syncColumns(),
  },
  (t) => [
    unique('appointment_series_practice_id_id_unique').on(t.practiceId, t.id),
    index('appointment_series_practice_id_version_idx').on(t.practiceId, t.version),
    foreignKey({ name: 'appointment_series_patient_fk', columns: [t.practiceId, t.patientId], foreignColumns: [patients.practiceId, patients.id] }),
    foreignKey({ name: 'appointment_series_provider_fk', columns: [t.practiceId, t.providerId], foreignColumns: [providers.practiceId, providers.id] }),
    foreignKey({ name: 'appointment_series_location_fk', columns: [t.practiceId, t.locationId], foreignColumns: [locations.practiceId, locations.id] }),
    foreignKey({ name: 'appointment_series_room_fk', columns: [t.practiceId, t.roomId], foreignColumns: [rooms.practiceId, rooms.id] }),
    foreignKey({ name: 'appointment_series_type_fk', columns: [t.practiceId, t.typeId], foreignColumns: [appointmentTypes.practiceId, appointmentTypes.id] }),
    check('appointment_series_start_time_format', sql`${t.startTime} ~ ${HHMM}`),
    check('appointment_series_duration_range', sql`${t.durationMinutes} between 5 and 480`),
  ],
);

/**
 * An appointment. Status machine in src/lib/domain/scheduling/status.ts. Active appointments (not
 * cancelled, not a no-show, not deleted) of one provider, or of one room, never overlap: the
 * exclusion constraints `appointments_provider_no_overlap` and `appointments_room_no_overlap` of
 * drizzle/0010_scheduling.sql, which the executors turn into `slot_taken`.
 */
export const appointments = pgTable(
  'appointments',
  {
    id: idColumn(),
    practiceId: practiceIdColumn().references(() => practices.id),
    patientId: uuid('patient_id').notNull(),
    providerId: uuid('provider_id').notNull(),
    locationId: uuid('location_id').notNull(),
    roomId: uuid('room_id'),
    typeId: uuid('type_id').notNull(),
    startsAt: timestamptz('starts_at').notNull(),
    endsAt: timestamptz('ends_at').notNull(),
    status: text('status').$type<AppointmentStatus>().notNull().default('booked'),
    /** Why it was cancelled (required with the status). */
    cancelReason: text('cancel_reason'),
    /** For the front desk (no clinical content: it shows on the calendar and the today board). */
    notes: text('notes'),
    /** Why it was booked outside the provider's working hours, when it was. */
    outOfHoursReason: text('out_of_hours_reason'),
    seriesId: uuid('series_id'),
    /** The series occurrence's original local date (its identity within the series). */
    occurrenceDate: date('occurrence_date', { mode: 'string' }),
    /** An occurrence edited on its own: edits of the whole series leave it alone. */
    detached: boolean('detached').notNull().default(false),
    checkedInAt: timestamptz('checked_in_at'),
    inRoomAt: timestamptz('in_room_at'),
    completedAt: timestamptz('completed_at'),
    cancelledAt: timestamptz('cancelled_at'),
    ...syncColumns(),
  },
  (t) => [
    unique('appointments_practice_id_id_unique').on(t.practiceId, t.id),
    index('appointments_practice_id_version_idx').on(t.practiceId, t.version),
    index('appointments_practice_id_provider_id_starts_at_idx').on(t.practiceId, t.providerId, t.startsAt),
    index('appointments_practice_id_patient_id_idx').on(t.practiceId, t.patientId),
    uniqueIndex('appointments_series_occurrence_unique').on(t.seriesId, t.occurrenceDate).where(sql`${t.seriesId} is not null`),
    foreignKey({ name: 'appointments_patient_fk', columns: [t.practiceId, t.patientId], foreignColumns: [patients.practiceId, patients.id] }),
    foreignKey({ name: 'appointments_provider_fk', columns: [t.practiceId, t.providerId], foreignColumns: [providers.practiceId, providers.id] }),
    foreignKey({ name: 'appointments_location_fk', columns: [t.practiceId, t.locationId], foreignColumns: [locations.practiceId, locations.id] }),
    foreignKey({ name: 'appointments_room_fk', columns: [t.practiceId, t.roomId], foreignColumns: [rooms.practiceId, rooms.id] }),
    foreignKey({ name: 'appointments_type_fk', columns: [t.practiceId, t.typeId], foreignColumns: [appointmentTypes.practiceId, appointmentTypes.id] }),
    foreignKey({ name: 'appointments_series_fk', columns: [t.practiceId, t.seriesId], foreignColumns: [appointmentSeries.practiceId, appointmentSeries.id] }),
    check('appointments_status_valid', sql`${t.status} in (${sqlStringList(APPOINTMENT_STATUSES)})`),
    check('appointments_times', sql`${t.startsAt} < ${t.endsAt}`),
    check('appointments_cancel_reason', sql`(${t.status} = 'cancelled') = (${t.cancelReason} is not null)`),
    check('appointments_series_occurrence', sql`(${t.seriesId} is null) = (${t.occurrenceDate} is null)`),
  ],
);

export const WAITLIST_STATUSES = ['waiting', 'booked', 'removed'] as const;
export type WaitlistStatus = (typeof WAITLIST_STATUSES)[number];
export const TIMES_OF_DAY = ['any', 'morning', 'afternoon', 'evening'] as const;
export type TimeOfDay = (typeof TIMES_OF_DAY)[number];

/** A patient waiting for an earlier or any slot of a type, optionally with one provider or location. */
export const waitlistEntries = pgTable(
  'waitlist_entries',
  {
    id: idColumn(),
    practiceId: practiceIdColumn().references(() => practices.id),
    patientId: uuid('patient_id').notNull(),
    typeId: uuid('type_id').notNull(),
    providerId: uuid('provider_id'),
    locationId: uuid('location_id'),
    earliestDate: date('earliest_date', { mode: 'string' }).notNull(),
    latestDate: date('latest_date', { mode: 'string' }),
    timeOfDay: text('time_of_day').$type<TimeOfDay>().notNull().default('any'),
    note: text('note'),
    status: text('status').$type<WaitlistStatus>().notNull().default('waiting'),
    /** The appointment booked from this entry. */
    appointmentId: uuid('appointment_id'),
    ...syncColumns(),
  },
  (t) => [
    index('waitlist_entries_practice_id_version_idx').on(t.practiceId, t.version),
    foreignKey({ name: 'waitlist_entries_patient_fk', columns: [t.practiceId, t.patientId], foreignColumns: [patients.practiceId, patients.id] }),
    foreignKey({ name: 'waitlist_entries_type_fk', columns: [t.practiceId, t.typeId], foreignColumns: [appointmentTypes.practiceId, appointmentTypes.id] }),
    foreignKey({ name: 'waitlist_entries_provider_fk', columns: [t.practiceId, t.providerId], foreignColumns: [providers.practiceId, providers.id] }),
    foreignKey({ name: 'waitlist_entries_location_fk', columns: [t.practiceId, t.locationId], foreignColumns: [locations.practiceId, locations.id] }),
    check('waitlist_entries_status_valid', sql`${t.status} in (${sqlStringList(WAITLIST_STATUSES)})`),
    check('waitlist_entries_time_of_day_valid', sql`${t.timeOfDay} in (${sqlStringList(TIMES_OF_DAY)})`),
    check('waitlist_entries_dates', sql`${t.latestDate} is null or ${t.earliestDate} <= ${t.latestDate}`),
  ],
);

export type Room = typeof rooms.$inferSelect;
export type Provider = typeof providers.$inferSelect;
export type AppointmentType = typeof appointmentTypes.$inferSelect;
export type WorkingHours = typeof workingHours.$inferSelect;
export type ScheduleException = typeof scheduleExceptions.$inferSelect;
export type Holiday = typeof holidays.$inferSelect;
export type AppointmentSeries = typeof appointmentSeries.$inferSelect;
export type Appointment = typeof appointments.$inferSelect;
export type WaitlistEntry = typeof waitlistEntries.$inferSelect;
