import {
  isActiveStatus,
  MINUTE_MS,
  mergeSpans,
  rowsFor,
  workingSpansOn,
  type AppointmentTypeRow,
  type BusyAppointment,
  type HolidayRow,
  type ScheduleExceptionRow,
  type Slot,
  type Span,
  type WorkingHoursRow,
} from './availability';
import { addDays, instantMsOfWall, instantToZoned, minutesOf, offsetMsAt, wallMsOfDate, type LocalTime } from './zoned-time';

/*
 * "Next available" (issue #7 §4): the first free slots for a type, honouring working hours,
 * exceptions, holidays, buffers and bookings. Apart from availability.ts so that the calendar, which
 * needs working hours and collisions on its first load, does not carry the search (DESIGN §8).
 */

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
