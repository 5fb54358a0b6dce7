import { APPOINTMENT_STATUSES, occupiesSlot, type AppointmentStatus } from './status';
import {
  addDays,
  instantMsOfWall,
  instantToZoned,
  isoWeekday,
  minutesOf,
  wallMsOfDate,
  type LocalDate,
  type LocalTime,
} from './zoned-time';

/*
 * When a provider works, and what collides (issue #7; the slot search is next-available.ts). Pure: the device runs it on its
 * synced rows (in a web worker and the page), the server on its own; both must agree. The rows
 * mirror the device's tables (camelCase, instants as ISO strings); rows with `deletedAt` are
 * tombstones and count for nothing.
 *
 * Times inside are epoch milliseconds and intervals half-open, [start, end): an appointment ending
 * at 10:00 and one starting at 10:00 do not overlap.
 */

export type WorkingHoursRow = {
  id: string;
  providerId: string;
  locationId: string;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
  startTime: LocalTime;
  endTime: LocalTime;
  validFrom: LocalDate | null;
  validUntil: LocalDate | null;
  deletedAt: string | null;
};

export type ScheduleExceptionRow = {
  id: string;
  providerId: string;
  /** Null: every location. */
  locationId: string | null;
  date: LocalDate;
  kind: 'time_off' | 'extra_hours';
  /** Both null: the whole day. */
  startTime: LocalTime | null;
  endTime: LocalTime | null;
  deletedAt: string | null;
};

export type HolidayRow = {
  id: string;
  /** Null: every location of the practice. */
  locationId: string | null;
  date: LocalDate;
  name: string;
  deletedAt: string | null;
};

export type AppointmentTypeRow = {
  id: string;
  durationMinutes: number;
  needsRoom: boolean;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
};

export type BusyAppointment = {
  id: string;
  providerId: string;
  roomId: string | null;
  startsAt: string;
  endsAt: string;
  status: string;
  /** The provider's time its type holds before and after it (only the slot search counts these). */
  bufferBeforeMinutes?: number;
  bufferAfterMinutes?: number;
};

/** Half-open: [start, end). */
export type Interval = { start: Date; end: Date };

export type Slot = { providerId: string; roomId: string | null; locationId: string; startsAt: Date; endsAt: Date };

/** Whether an appointment in `status` occupies its time (src/lib/domain/scheduling/status.ts decides). */
export const isActiveStatus = (status: string): boolean => (APPOINTMENT_STATUSES as readonly string[]).includes(status) && occupiesSlot(status as AppointmentStatus);

/** Shared with next-available.ts, as are the span helpers marked so below. */
export const MINUTE_MS = 60_000;

/** An interval in epoch milliseconds, half-open. */
export type Span = { start: number; end: number };

/** Sorted, with overlapping and touching spans joined (08:00–12:00 and 12:00–14:00 are one span). */
export const mergeSpans = (spans: Span[]): Span[] => {
  const sorted = spans.filter((span) => span.start < span.end);
  // Appointments usually arrive in start order (the tables are indexed so): skip the sort then.
  if (!sorted.every((span, i) => i === 0 || (sorted[i - 1]?.start ?? -Infinity) <= span.start)) {
    sorted.sort((a, b) => a.start - b.start);
  }
  const merged: Span[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end) {
      last.end = Math.max(last.end, span.end);
    } else {
      merged.push({ start: span.start, end: span.end });
    }
  }
  return merged;
};

/** `from` minus `cut`, both merged (sorted, disjoint). */
const subtractSpans = (from: Span[], cut: Span[]): Span[] => {
  const result: Span[] = [];
  let j = 0;
  for (const span of from) {
    let start = span.start;
    // Cuts ending before this span cannot touch later spans either: `from` is sorted.
    while (j < cut.length && (cut[j]?.end ?? Infinity) <= start) {
      j++;
    }
    for (let k = j; k < cut.length; k++) {
      const c = cut[k];
      if (!c || c.start >= span.end) {
        break;
      }
      if (c.start > start) {
        result.push({ start, end: c.start });
      }
      start = Math.max(start, c.end);
    }
    if (start < span.end) {
      result.push({ start, end: span.end });
    }
  }
  return result;
};

const toInterval = (span: Span): Interval => ({ start: new Date(span.start), end: new Date(span.end) });

export type WorkingIntervalsArgs = {
  providerId: string;
  locationId: string;
  date: LocalDate;
  timeZone: string;
  workingHours: readonly WorkingHoursRow[];
  exceptions: readonly ScheduleExceptionRow[];
  holidays: readonly HolidayRow[];
};

/** The rows that can matter for one provider at one location (tombstones dropped). */
export type ProviderRows = { workingHours: WorkingHoursRow[]; exceptions: ScheduleExceptionRow[] };

export const rowsFor = (
  providerId: string,
  locationId: string,
  workingHours: readonly WorkingHoursRow[],
  exceptions: readonly ScheduleExceptionRow[],
): ProviderRows => ({
  workingHours: workingHours.filter((row) => row.deletedAt == null && row.providerId === providerId && row.locationId === locationId),
  exceptions: exceptions.filter(
    (row) => row.deletedAt == null && row.providerId === providerId && (row.locationId == null || row.locationId === locationId),
  ),
});

const isHoliday = (holidays: readonly HolidayRow[], locationId: string, date: LocalDate): boolean =>
  holidays.some((row) => row.deletedAt == null && row.date === date && (row.locationId == null || row.locationId === locationId));

/** A provider's working spans on one local date (the holiday check is the caller's). */
export const workingSpansOn = (rows: ProviderRows, date: LocalDate, timeZone: string): Span[] => {
  const midnight = wallMsOfDate(date);
  const weekday = isoWeekday(date);
  // Each wall time becomes an instant on its own, so a day with a DST change gets its real length.
  const span = (startTime: LocalTime, endTime: LocalTime): Span => ({
    start: instantMsOfWall(midnight + minutesOf(startTime) * MINUTE_MS, timeZone),
    end: instantMsOfWall(midnight + minutesOf(endTime) * MINUTE_MS, timeZone),
  });
  const open: Span[] = [];
  for (const row of rows.workingHours) {
    if (row.weekday === weekday && (row.validFrom == null || row.validFrom <= date) && (row.validUntil == null || row.validUntil >= date)) {
      open.push(span(row.startTime, row.endTime));
    }
  }
  const closed: Span[] = [];
  for (const row of rows.exceptions) {
    if (row.date !== date) {
      continue;
    }
    // Both times null is the whole day; one alone (the database refuses it) is read as open-ended.
    const exceptionSpan = span(row.startTime ?? '00:00', row.endTime ?? '24:00');
    switch (row.kind) {
      case 'time_off':
        closed.push(exceptionSpan);
        break;
      case 'extra_hours':
        open.push(exceptionSpan);
        break;
    }
  }
  return subtractSpans(mergeSpans(open), mergeSpans(closed));
};

/**
 * A provider's working time on one local date at one location: that weekday's hours valid on the
 * date, plus extra hours, minus time off; nothing on a holiday of the location or the practice.
 * Sorted and merged.
 */
export const workingIntervals = (args: WorkingIntervalsArgs): Interval[] => {
  if (isHoliday(args.holidays, args.locationId, args.date)) {
    return [];
  }
  const rows = rowsFor(args.providerId, args.locationId, args.workingHours, args.exceptions);
  return workingSpansOn(rows, args.date, args.timeZone).map(toInterval);
};

/** An appointment can cross local midnight: more days than this is not an appointment. */
const MAX_DAYS_SPANNED = 7;

/**
 * Whether [start, end) lies inside the provider's working time at the location. The local dates
 * are those `start` and `end` fall on (`date`, if given, is not needed), so working time ending at
 * midnight joins the next day's.
 */
export const isWithinWorkingHours = (
  args: Omit<WorkingIntervalsArgs, 'date'> & { date?: LocalDate; start: Date; end: Date },
): boolean => {
  const start = args.start.getTime();
  const end = args.end.getTime();
  if (!(start < end)) {
    return false;
  }
  const firstDate = instantToZoned(args.start, args.timeZone).date;
  const lastDate = instantToZoned(new Date(end - 1), args.timeZone).date;
  const rows = rowsFor(args.providerId, args.locationId, args.workingHours, args.exceptions);
  const spans: Span[] = [];
  let date = firstDate;
  for (let i = 0; date <= lastDate; i++, date = addDays(date, 1)) {
    if (i >= MAX_DAYS_SPANNED) {
      return false;
    }
    if (!isHoliday(args.holidays, args.locationId, date)) {
      spans.push(...workingSpansOn(rows, date, args.timeZone));
    }
  }
  return mergeSpans(spans).some((span) => span.start <= start && end <= span.end);
};

/** Whether two half-open intervals share time (touching is not overlapping; an empty interval overlaps nothing). */
export const overlaps = (a: Interval, b: Interval): boolean => {
  const aStart = a.start.getTime();
  const aEnd = a.end.getTime();
  const bStart = b.start.getTime();
  const bEnd = b.end.getTime();
  return aStart < aEnd && bStart < bEnd && aStart < bEnd && bStart < aEnd;
};

/**
 * The active appointments that overlap a candidate booking: the same provider's, and the same
 * room's. The candidate's own id is skipped (a reschedule does not collide with itself). Buffers
 * are not part of this hard check (the database's exclusion constraints do not know them either).
 * Each list is sorted by start.
 */
export const findCollisions = ({
  candidate,
  appointments,
}: {
  candidate: { id?: string; providerId: string; roomId: string | null; startsAt: Date; endsAt: Date };
  appointments: readonly BusyAppointment[];
}): { provider: BusyAppointment[]; room: BusyAppointment[] } => {
  const start = candidate.startsAt.getTime();
  const end = candidate.endsAt.getTime();
  const provider: BusyAppointment[] = [];
  const room: BusyAppointment[] = [];
  if (!(start < end)) {
    return { provider, room };
  }
  for (const appointment of appointments) {
    const sameProvider = appointment.providerId === candidate.providerId;
    const sameRoom = candidate.roomId != null && appointment.roomId === candidate.roomId;
    if ((!sameProvider && !sameRoom) || appointment.id === candidate.id || !isActiveStatus(appointment.status)) {
      continue;
    }
    if (Date.parse(appointment.startsAt) < end && start < Date.parse(appointment.endsAt)) {
      if (sameProvider) {
        provider.push(appointment);
      }
      if (sameRoom) {
        room.push(appointment);
      }
    }
  }
  const byStart = (a: BusyAppointment, b: BusyAppointment): number => Date.parse(a.startsAt) - Date.parse(b.startsAt);
  return { provider: provider.sort(byStart), room: room.sort(byStart) };
};
