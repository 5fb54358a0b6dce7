import { z } from 'zod';
import { ZCountryCode, ZPhone, ZTimeZone, ZUuid } from '@/lib/domain/practices/schemas';
import { ZRecurrenceRule } from './recurrence';
import { APPOINTMENT_STATUSES } from './status';

/*
 * Scheduling field and mutation schemas (issue #7), defined once for forms, the device's mutators
 * and the server (CONVENTIONS §4). Browser-safe: Zod only. Messages never repeat the input.
 */

const SINGLE_LINE = /^[^\p{Cc}]*$/u;

const zName = (max: number) =>
  z
    .string()
    .trim()
    .min(1, { error: 'required' })
    .max(max, { error: `at most ${max} characters` })
    .regex(SINGLE_LINE, { error: 'contains a line break or control character' });

/** Optional free text (front-desk notes, reasons): blank means none; line breaks allowed. */
const zOptionalNote = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: `at most ${max} characters` })
    .regex(/^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/, { error: 'contains a control character' })
    .transform((value) => (value === '' ? null : value))
    .nullable();

/** A local wall time, 24-hour `HH:MM`. */
export const ZLocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'expected a time such as 09:30' });

const isRealDate = (value: string): boolean => {
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value);
};

/** A calendar day, `YYYY-MM-DD` (local to the clinic: no time zone). */
export const ZLocalDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected a date such as 2026-12-07' })
  .refine(isRealDate, { error: 'not a calendar date' });

/** An instant as `toISOString()` writes it (UTC, milliseconds): one format, so text order is time order. */
export const ZInstant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, { error: 'expected a UTC time such as 2026-12-07T15:00:00.000Z' })
  .refine((value) => !Number.isNaN(Date.parse(value)), { error: 'not a time' });

/** A display colour, `#rrggbb` (stored lower case). */
export const ZColour = z
  .string()
  .trim()
  .regex(/^#[0-9a-fA-F]{6}$/, { error: 'expected a colour such as #2563eb' })
  .transform((value) => value.toLowerCase());

const ZMinutes = (min: number, max: number) =>
  z.number({ error: 'expected a number of minutes' }).int({ error: 'whole minutes' }).min(min, { error: `at least ${min}` }).max(max, { error: `at most ${max}` });

export const ZWeekday = z.number().int().min(1, { error: 'expected 1 (Monday) to 7 (Sunday)' }).max(7, { error: 'expected 1 (Monday) to 7 (Sunday)' });

const timeRange = <T extends { startTime: string | null; endTime: string | null }>(value: T) =>
  value.startTime === null || value.endTime === null || value.startTime < value.endTime;

// ---------------------------------------------------------------------------------------------
// Set-up (practice.settings.write). Each `save` creates the record or replaces its fields; `removed`
// tombstones what may go (hours, exceptions, holidays); rooms, providers and types are retired with
// `active: false` instead, because appointments keep pointing at them.
// ---------------------------------------------------------------------------------------------

export const ZSaveLocation = z.strictObject({
  practiceId: ZUuid,
  id: ZUuid,
  name: zName(200),
  addressLine1: zOptionalNote(200),
  addressLine2: zOptionalNote(200),
  city: zOptionalNote(100),
  region: zOptionalNote(100),
  postalCode: zOptionalNote(20),
  country: ZCountryCode,
  timeZone: ZTimeZone,
  phone: z.preprocess((value) => (value === '' ? null : value), ZPhone.nullable()),
});
export type TSaveLocation = z.infer<typeof ZSaveLocation>;

export const ZSaveRoom = z.strictObject({
  practiceId: ZUuid,
  id: ZUuid,
  locationId: ZUuid,
  name: zName(100),
  active: z.boolean(),
});
export type TSaveRoom = z.infer<typeof ZSaveRoom>;

export const ZSaveProvider = z.strictObject({
  practiceId: ZUuid,
  id: ZUuid,
  /** The member who sees patients (their role must allow signing notes). */
  userId: ZUuid,
  displayName: zName(100),
  colour: ZColour,
  active: z.boolean(),
});
export type TSaveProvider = z.infer<typeof ZSaveProvider>;

export const ZSaveAppointmentType = z.strictObject({
  practiceId: ZUuid,
  id: ZUuid,
  name: zName(100),
  durationMinutes: ZMinutes(5, 480),
  colour: ZColour,
  needsRoom: z.boolean(),
  bufferBeforeMinutes: ZMinutes(0, 120),
  bufferAfterMinutes: ZMinutes(0, 120),
  active: z.boolean(),
});
export type TSaveAppointmentType = z.infer<typeof ZSaveAppointmentType>;

export const ZSaveWorkingHours = z
  .strictObject({
    practiceId: ZUuid,
    id: ZUuid,
    providerId: ZUuid,
    locationId: ZUuid,
    weekday: ZWeekday,
    startTime: ZLocalTime,
    endTime: ZLocalTime,
    validFrom: ZLocalDate.nullable(),
    validUntil: ZLocalDate.nullable(),
    removed: z.boolean().default(false),
  })
  .refine(timeRange, { error: 'must end after it starts', path: ['endTime'] })
  .refine((value) => value.validFrom === null || value.validUntil === null || value.validFrom <= value.validUntil, {
    error: 'must not end before it starts',
    path: ['validUntil'],
  });
export type TSaveWorkingHours = z.infer<typeof ZSaveWorkingHours>;

export const ZSaveScheduleException = z
  .strictObject({
    practiceId: ZUuid,
    id: ZUuid,
    providerId: ZUuid,
    locationId: ZUuid.nullable(),
    date: ZLocalDate,
    kind: z.enum(['time_off', 'extra_hours']),
    startTime: ZLocalTime.nullable(),
    endTime: ZLocalTime.nullable(),
    note: zOptionalNote(500),
    removed: z.boolean().default(false),
  })
  .refine((value) => (value.startTime === null) === (value.endTime === null), { error: 'give both times, or neither for the whole day', path: ['endTime'] })
  .refine((value) => value.kind === 'time_off' || value.startTime !== null, { error: 'extra hours need a start and an end', path: ['startTime'] })
  .refine(timeRange, { error: 'must end after it starts', path: ['endTime'] });
export type TSaveScheduleException = z.infer<typeof ZSaveScheduleException>;

export const ZSaveHoliday = z.strictObject({
  practiceId: ZUuid,
  id: ZUuid,
  locationId: ZUuid.nullable(),
  date: ZLocalDate,
  name: zName(100),
  removed: z.boolean().default(false),
});
export type TSaveHoliday = z.infer<typeof ZSaveHoliday>;

// ---------------------------------------------------------------------------------------------
// Appointments (schedule.write).
// ---------------------------------------------------------------------------------------------

/** The longest single appointment: a working day. */
const MAX_APPOINTMENT_MS = 12 * 60 * 60 * 1000;

const slotTimes = <T extends { startsAt: string; endsAt: string }>(value: T) => Date.parse(value.startsAt) < Date.parse(value.endsAt);
const slotLength = <T extends { startsAt: string; endsAt: string }>(value: T) =>
  Date.parse(value.endsAt) - Date.parse(value.startsAt) <= MAX_APPOINTMENT_MS;

export const ZBookAppointment = z
  .strictObject({
    practiceId: ZUuid,
    /** Born on the device (UUIDv7). */
    id: ZUuid,
    patientId: ZUuid,
    providerId: ZUuid,
    locationId: ZUuid,
    roomId: ZUuid.nullable(),
    typeId: ZUuid,
    startsAt: ZInstant,
    endsAt: ZInstant,
    notes: zOptionalNote(1000),
    /** Required when the time is outside the provider's working hours. */
    outOfHoursReason: zOptionalNote(500),
    /** The waitlist entry this booking fills, which then leaves the waitlist. */
    waitlistEntryId: ZUuid.nullable().default(null),
  })
  .refine(slotTimes, { error: 'must end after it starts', path: ['endsAt'] })
  .refine(slotLength, { error: 'at most 12 hours', path: ['endsAt'] });
export type TBookAppointment = z.infer<typeof ZBookAppointment>;

/** Move or resize (drag on the calendar), or give another provider or room. */
export const ZRescheduleAppointment = z
  .strictObject({
    practiceId: ZUuid,
    appointmentId: ZUuid,
    providerId: ZUuid,
    roomId: ZUuid.nullable(),
    startsAt: ZInstant,
    endsAt: ZInstant,
    outOfHoursReason: zOptionalNote(500),
  })
  .refine(slotTimes, { error: 'must end after it starts', path: ['endsAt'] })
  .refine(slotLength, { error: 'at most 12 hours', path: ['endsAt'] });
export type TRescheduleAppointment = z.infer<typeof ZRescheduleAppointment>;

export const ZAppointmentStatus = z.enum(APPOINTMENT_STATUSES);

export const ZTransitionAppointment = z
  .strictObject({
    practiceId: ZUuid,
    appointmentId: ZUuid,
    to: ZAppointmentStatus,
    /** Why it is cancelled (required for `cancelled`). */
    reason: zOptionalNote(500).default(null),
    /** The status the device saw: a transition decided on stale information is refused with the current one. */
    from: ZAppointmentStatus,
  })
  .refine((value) => value.to !== 'cancelled' || value.reason !== null, { error: 'say why it is cancelled', path: ['reason'] });
export type TTransitionAppointment = z.infer<typeof ZTransitionAppointment>;

export const ZUpdateAppointmentNotes = z.strictObject({
  practiceId: ZUuid,
  appointmentId: ZUuid,
  notes: zOptionalNote(1000),
});
export type TUpdateAppointmentNotes = z.infer<typeof ZUpdateAppointmentNotes>;

// ---------------------------------------------------------------------------------------------
// Recurring series (schedule.write). One occurrence is edited as an appointment (reschedule,
// transition), which detaches it from the series; these edit "this and following" or "all".
// ---------------------------------------------------------------------------------------------

export const ZCreateSeries = z.strictObject({
  practiceId: ZUuid,
  id: ZUuid,
  patientId: ZUuid,
  providerId: ZUuid,
  locationId: ZUuid,
  roomId: ZUuid.nullable(),
  typeId: ZUuid,
  rule: ZRecurrenceRule,
  startDate: ZLocalDate,
  startTime: ZLocalTime,
  durationMinutes: ZMinutes(5, 480),
  notes: zOptionalNote(1000),
  outOfHoursReason: zOptionalNote(500),
});
export type TCreateSeries = z.infer<typeof ZCreateSeries>;

export const SERIES_EDIT_SCOPES = ['following', 'all'] as const;

export const ZEditSeries = z.strictObject({
  practiceId: ZUuid,
  seriesId: ZUuid,
  scope: z.enum(SERIES_EDIT_SCOPES),
  /** The occurrence the edit starts from ("this and following"); for `all`, the series' first date is used. */
  fromDate: ZLocalDate,
  /** For `following`: the new series' id, born on the device. */
  newSeriesId: ZUuid.nullable(),
  changes: z
    .strictObject({
      providerId: ZUuid,
      roomId: ZUuid.nullable(),
      typeId: ZUuid,
      rule: ZRecurrenceRule,
      startTime: ZLocalTime,
      durationMinutes: ZMinutes(5, 480),
      notes: zOptionalNote(1000),
    })
    .partial()
    .refine((value) => Object.keys(value).length > 0, { error: 'nothing to change' }),
  outOfHoursReason: zOptionalNote(500),
});
export type TEditSeries = z.infer<typeof ZEditSeries>;

export const ZCancelSeries = z.strictObject({
  practiceId: ZUuid,
  seriesId: ZUuid,
  /** Occurrences on and after this local date are cancelled (the series' first date: all of them). */
  fromDate: ZLocalDate,
  reason: zName(500),
});
export type TCancelSeries = z.infer<typeof ZCancelSeries>;

// ---------------------------------------------------------------------------------------------
// Waitlist (schedule.write).
// ---------------------------------------------------------------------------------------------

export const ZAddToWaitlist = z
  .strictObject({
    practiceId: ZUuid,
    id: ZUuid,
    patientId: ZUuid,
    typeId: ZUuid,
    providerId: ZUuid.nullable(),
    locationId: ZUuid.nullable(),
    earliestDate: ZLocalDate,
    latestDate: ZLocalDate.nullable(),
    timeOfDay: z.enum(['any', 'morning', 'afternoon', 'evening']),
    note: zOptionalNote(500),
  })
  .refine((value) => value.latestDate === null || value.earliestDate <= value.latestDate, { error: 'must not end before it starts', path: ['latestDate'] });
export type TAddToWaitlist = z.infer<typeof ZAddToWaitlist>;

export const ZRemoveFromWaitlist = z.strictObject({ practiceId: ZUuid, entryId: ZUuid });
export type TRemoveFromWaitlist = z.infer<typeof ZRemoveFromWaitlist>;

/** Local hours of each time of day a waitlist entry (or a search) may ask for. */
export const TIME_OF_DAY_WINDOWS = {
  any: null,
  morning: { start: '07:00', end: '12:00' },
  afternoon: { start: '12:00', end: '17:00' },
  evening: { start: '17:00', end: '21:00' },
} as const;
