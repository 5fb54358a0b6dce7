import { APPOINTMENT_STATUSES, occupiesSlot, type AppointmentStatus } from './status';
import {
  addDays,
  instantMsOfWall,
  instantToZoned,
  isoWeekday,
  minutesOf,
  offsetMsAt,
  wallMsOfDate,
  type LocalDate,
  type LocalTime,
} from './zoned-time';

/*
 * When a provider works and where the free slots are (issue #7). Pure: the device runs it on its
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

const MINUTE_MS = 60_000;

/** An interval in epoch milliseconds, half-open. */
type Span = { start: number; end: number };

/** Sorted, with overlapping and touching spans joined (08:00–12:00 and 12:00–14:00 are one span). */
const mergeSpans = (spans: Span[]): Span[] => {
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
type ProviderRows = { workingHours: WorkingHoursRow[]; exceptions: ScheduleExceptionRow[] };

const rowsFor = (
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
const workingSpansOn = (rows: ProviderRows, date: LocalDate, timeZone: string): Span[] => {
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

/** Busy time of one provider or room: merged spans as parallel sorted arrays, for binary search. */
type BusyIndex = { starts: Float64Array; ends: Float64Array };

const EMPTY_INDEX: BusyIndex = { starts: new Float64Array(0), ends: new Float64Array(0) };

const buildIndex = (spans: Span[]): BusyIndex => {
  const merged = mergeSpans(spans);
  const starts = new Float64Array(merged.length);
  const ends = new Float64Array(merged.length);
  merged.forEach((span, i) => {
    starts[i] = span.start;
    ends[i] = span.end;
  });
  return { starts, ends };
};

/** The end of the busy span overlapping [start, end), or null when that time is free. */
const conflictEnd = (index: BusyIndex, start: number, end: number): number | null => {
  const { starts, ends } = index;
  // First span ending after `start`; spans are disjoint and sorted, so ends are sorted too.
  let lo = 0;
  let hi = ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ends[mid] ?? Infinity) > start) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  const spanStart = starts[lo];
  return spanStart !== undefined && spanStart < end ? (ends[lo] ?? null) : null;
};

/**
 * Rounds an instant inside `span` up to the next slot start: a wall time (on `midnight`'s date)
 * that is a whole number of steps after midnight. Steps are wall-clock so slots stay on :00/:15 in
 * zones with half-hour offsets too.
 */
const aligner = (span: Span, midnight: number, stepMs: number, timeZone: string): ((instant: number) => number) => {
  const roundUp = (instant: number, offset: number): number =>
    midnight + Math.ceil((instant + offset - midnight) / stepMs) * stepMs - offset;
  const offsetAtStart = offsetMsAt(span.start, timeZone);
  if (offsetAtStart === offsetMsAt(span.end - 1, timeZone)) {
    // The usual case: no DST change inside working time, one offset for the whole span.
    return (instant) => roundUp(instant, offsetAtStart);
  }
  // A DST change inside the span: round with the offset at the instant, and again if the rounded
  // instant lies past the change (the fixed point is the first aligned wall time after `instant`).
  return (instant) => {
    let current = instant;
    for (let i = 0; i < 4; i++) {
      const next = roundUp(current, offsetMsAt(current, timeZone));
      if (next === current) {
        break;
      }
      current = next;
    }
    return current;
  };
};

export type FindNextAvailableOptions = {
  /** No slot starts earlier. */
  from: Date;
  /** Search horizon in local dates, counting the date of `from` (60: that date and the 59 after it). */
  days: number;
  /** In order of preference: it breaks ties between slots starting at the same time. */
  providerIds: readonly string[];
  locationId: string;
  timeZone: string;
  type: AppointmentTypeRow;
  /** Rooms that may be used, in order of preference (rooms of other locations are ignored). */
  rooms: readonly { id: string; locationId: string }[];
  /** Only slots that start and end within these wall times (e.g. mornings); the buffers may lie outside. */
  timeOfDay?: { start: LocalTime; end: LocalTime };
  workingHours: readonly WorkingHoursRow[];
  exceptions: readonly ScheduleExceptionRow[];
  holidays: readonly HolidayRow[];
  appointments: readonly BusyAppointment[];
  /** Slots start on wall-clock multiples of this from local midnight; default 15. */
  stepMinutes?: number;
  /** Default 5. */
  limit?: number;
  /** The appointment being rescheduled: its own time is free. */
  excludeAppointmentId?: string;
};

/**
 * The earliest free slots for an appointment type: inside one working interval of a provider at
 * the location together with the type's buffers, clear of the provider's active appointments (and
 * their buffers, when given) for that whole buffered time, and, when the type needs a room, with
 * the first room (in the given order) free for the appointment itself. Sorted by start, then by
 * the order of `providerIds`; at most `limit`.
 *
 * Cost: one pass over `appointments` to index the relevant providers' and rooms' busy time, then
 * binary searches; a busy stretch is jumped over, not stepped through.
 */
export const findNextAvailable = (options: FindNextAvailableOptions): Slot[] => {
  const { timeZone, locationId, type } = options;
  const stepMinutes = options.stepMinutes ?? 15;
  const limit = options.limit ?? 5;
  if (!Number.isInteger(stepMinutes) || stepMinutes <= 0) {
    throw new RangeError(`stepMinutes must be a positive whole number, not ${stepMinutes}`);
  }
  if (!Number.isInteger(options.days)) {
    throw new RangeError(`days must be a whole number, not ${options.days}`);
  }
  const fromMs = options.from.getTime();
  if (limit <= 0 || options.days <= 0 || Number.isNaN(fromMs) || type.durationMinutes <= 0) {
    return [];
  }
  const stepMs = stepMinutes * MINUTE_MS;
  const durationMs = type.durationMinutes * MINUTE_MS;
  const bufferBeforeMs = type.bufferBeforeMinutes * MINUTE_MS;
  const bufferAfterMs = type.bufferAfterMinutes * MINUTE_MS;

  const providerIds = [...new Set(options.providerIds)];
  const rooms = type.needsRoom ? options.rooms.filter((room) => room.locationId === locationId) : [];
  if (type.needsRoom && rooms.length === 0) {
    return [];
  }

  const firstDate = instantToZoned(options.from, timeZone).date;
  // Appointments wholly outside the searched time, with the buffers on both sides, cannot matter.
  const searchStart = fromMs - bufferBeforeMs;
  const searchEnd = instantMsOfWall(wallMsOfDate(addDays(firstDate, options.days)), timeZone) + bufferAfterMs;

  // Index busy time once per call. A provider is busy with appointments at every location; a
  // provider's busy time includes the appointments' buffers, a room's does not.
  const providerSpans = new Map<string, Span[]>(providerIds.map((id) => [id, []]));
  const roomSpans = new Map<string, Span[]>(rooms.map((room) => [room.id, []]));
  for (const appointment of options.appointments) {
    const forProvider = providerSpans.get(appointment.providerId);
    const forRoom = appointment.roomId == null ? undefined : roomSpans.get(appointment.roomId);
    if ((!forProvider && !forRoom) || appointment.id === options.excludeAppointmentId || !isActiveStatus(appointment.status)) {
      continue;
    }
    const start = Date.parse(appointment.startsAt);
    const end = Date.parse(appointment.endsAt);
    if (!(start < end)) {
      continue;
    }
    const paddedStart = start - (appointment.bufferBeforeMinutes ?? 0) * MINUTE_MS;
    const paddedEnd = end + (appointment.bufferAfterMinutes ?? 0) * MINUTE_MS;
    if (paddedEnd <= searchStart || paddedStart >= searchEnd) {
      continue;
    }
    forProvider?.push({ start: paddedStart, end: paddedEnd });
    forRoom?.push({ start, end });
  }
  const providerBusy = new Map([...providerSpans].map(([id, spans]) => [id, buildIndex(spans)]));
  const roomBusy = rooms.map((room) => ({ id: room.id, busy: buildIndex(roomSpans.get(room.id) ?? []) }));
  const providerRows = new Map(providerIds.map((id) => [id, rowsFor(id, locationId, options.workingHours, options.exceptions)]));
  const holidays = options.holidays.filter((row) => row.deletedAt == null && (row.locationId == null || row.locationId === locationId));
  const holidayDates = new Set(holidays.map((row) => row.date));

  const slots: Slot[] = [];
  // Working time of a local date never reaches past the next midnight, so every slot of one date
  // precedes every slot of the next: the search can stop after the date that fills the limit.
  for (let dayIndex = 0; dayIndex < options.days && slots.length < limit; dayIndex++) {
    const date = addDays(firstDate, dayIndex);
    if (holidayDates.has(date)) {
      continue;
    }
    const midnight = wallMsOfDate(date);
    const window: Span = options.timeOfDay
      ? {
          start: instantMsOfWall(midnight + minutesOf(options.timeOfDay.start) * MINUTE_MS, timeZone),
          end: instantMsOfWall(midnight + minutesOf(options.timeOfDay.end) * MINUTE_MS, timeZone),
        }
      : { start: -Infinity, end: Infinity };
    const needed = limit - slots.length;
    const found: { slot: Slot; rank: number }[] = [];

    providerIds.forEach((providerId, rank) => {
      const rows = providerRows.get(providerId);
      const busy = providerBusy.get(providerId) ?? EMPTY_INDEX;
      if (!rows) {
        return;
      }
      let count = 0;
      for (const span of workingSpansOn(rows, date, timeZone)) {
        const alignUp = aligner(span, midnight, stepMs, timeZone);
        const latestStart = Math.min(span.end - bufferAfterMs - durationMs, window.end - durationMs);
        let start = alignUp(Math.max(span.start + bufferBeforeMs, fromMs, window.start));
        while (start <= latestStart && count < needed) {
          const end = start + durationMs;
          const providerConflict = conflictEnd(busy, start - bufferBeforeMs, end + bufferAfterMs);
          if (providerConflict !== null) {
            start = alignUp(providerConflict + bufferBeforeMs);
            continue;
          }
          let roomId: string | null = null;
          if (type.needsRoom) {
            let earliestRoomFree = Infinity;
            for (const room of roomBusy) {
              const roomConflict = conflictEnd(room.busy, start, end);
              if (roomConflict === null) {
                roomId = room.id;
                break;
              }
              earliestRoomFree = Math.min(earliestRoomFree, roomConflict);
            }
            if (roomId === null) {
              start = alignUp(earliestRoomFree);
              continue;
            }
          }
          found.push({ slot: { providerId, roomId, locationId, startsAt: new Date(start), endsAt: new Date(end) }, rank });
          count++;
          start = alignUp(start + stepMs);
        }
      }
    });

    found.sort((a, b) => a.slot.startsAt.getTime() - b.slot.startsAt.getTime() || a.rank - b.rank);
    for (const { slot } of found.slice(0, needed)) {
      slots.push(slot);
    }
  }
  return slots;
};
