/*
 * Clinic wall time ↔ instants in an IANA time zone, with nothing but `Intl.DateTimeFormat` (no tz
 * library: this runs on the device, in a web worker and the page, and on the server).
 *
 * A location's working hours, holidays and series are wall times in its zone; appointments are
 * instants. Wall times a DST change skips or repeats follow RFC 5545 §3.3.5, as calendar clients
 * do: a skipped time is read with the offset in force before the gap (02:30 on a spring-forward
 * night in Chicago is 03:30 CDT), and a repeated time is its first, earlier occurrence.
 *
 * Instants are handled as epoch milliseconds internally; "wall milliseconds" are the local wall
 * time read as if it were UTC (`Date.UTC(year, month, day, hour, minute)`), which makes calendar
 * arithmetic on wall times exact.
 */

/** A local calendar date, `YYYY-MM-DD`. */
export type LocalDate = string;
/** A local wall time, `HH:MM` on a 24-hour clock (`24:00` is accepted as the end of a day). */
export type LocalTime = string;

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_TIME = /^(\d{2}):(\d{2})$/;

type DateParts = { year: number; month: number; day: number };

const parseDate = (date: LocalDate): DateParts => {
  const match = LOCAL_DATE.exec(date);
  if (match) {
    const [, y = '', m = '', d = ''] = match;
    const year = Number(y);
    const month = Number(m);
    const day = Number(d);
    // Date.UTC rolls 2026-02-30 over into March; a date that does not round-trip is not a date.
    const probe = new Date(Date.UTC(year, month - 1, day));
    if (probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day) {
      return { year, month, day };
    }
  }
  throw new RangeError(`invalid local date "${date}" (expected YYYY-MM-DD)`);
};

const pad2 = (value: number): string => String(value).padStart(2, '0');

/** The local date of wall milliseconds. */
export const dateOfWallMs = (wallMs: number): LocalDate => {
  const d = new Date(wallMs);
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
};

/** Wall milliseconds of a local date's midnight. */
export const wallMsOfDate = (date: LocalDate): number => {
  const { year, month, day } = parseDate(date);
  return Date.UTC(year, month - 1, day);
};

/** Minutes since midnight of an `HH:MM` wall time (`24:00` is 1440). */
export const minutesOf = (time: LocalTime): number => {
  const match = LOCAL_TIME.exec(time);
  if (match) {
    const [, h = '', m = ''] = match;
    const hours = Number(h);
    const minutes = Number(m);
    if ((hours < 24 && minutes < 60) || (hours === 24 && minutes === 0)) {
      return hours * 60 + minutes;
    }
  }
  throw new RangeError(`invalid local time "${time}" (expected HH:MM)`);
};

/** The `HH:MM` wall time `minutes` after midnight, 0 to 1440 (`24:00`). */
export const timeOf = (minutes: number): LocalTime => {
  if (!Number.isInteger(minutes) || minutes < 0 || minutes > 1440) {
    throw new RangeError(`minutes since midnight out of range: ${minutes}`);
  }
  return `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;
};

/** The local date `days` days after (or, negative, before) `date`. */
export const addDays = (date: LocalDate, days: number): LocalDate => dateOfWallMs(wallMsOfDate(date) + days * DAY_MS);

/** ISO weekday of a local date: 1 = Monday … 7 = Sunday. */
export const isoWeekday = (date: LocalDate): number => {
  const sundayZero = new Date(wallMsOfDate(date)).getUTCDay();
  return sundayZero === 0 ? 7 : sundayZero;
};

const formatters = new Map<string, Intl.DateTimeFormat>();

/** One formatter per zone: constructing them costs far more than formatting with them. */
const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch (error) {
      throw new RangeError(`unknown time zone "${timeZone}"`, { cause: error });
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

/** The wall milliseconds (to the second) an instant shows in a zone. */
const wallMsAt = (instantMs: number, timeZone: string): number => {
  const values: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const part of formatterFor(timeZone).formatToParts(instantMs)) {
    if (part.type !== 'literal') {
      values[part.type] = Number(part.value);
    }
  }
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = values;
  const wall = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not read years 0–99 as 1900–1999.
  wall.setUTCFullYear(year, month - 1, day);
  // Some engines print midnight as hour 24 even with h23.
  wall.setUTCHours(hour % 24, minute, second, 0);
  return wall.getTime();
};

/** The zone's UTC offset at an instant, in milliseconds (wall = instant + offset). */
export const offsetMsAt = (instantMs: number, timeZone: string): number => {
  // Offsets are whole seconds; the instant's own milliseconds are not part of the wall reading.
  const wholeSecond = Math.floor(instantMs / 1000) * 1000;
  return wallMsAt(wholeSecond, timeZone) - wholeSecond;
};

/** The instant (epoch ms) of wall milliseconds in a zone, with RFC 5545's reading of DST gaps and overlaps. */
export const instantMsOfWall = (wallMs: number, timeZone: string): number => {
  // No zone changes its offset twice within two days, so the offsets a day either side are the
  // only candidates (they are equal on all but the days around a change).
  const offsetBefore = offsetMsAt(wallMs - DAY_MS, timeZone);
  const offsetAfter = offsetMsAt(wallMs + DAY_MS, timeZone);
  const earlier = wallMs - offsetBefore;
  if (offsetBefore === offsetAfter) {
    return earlier;
  }
  const later = wallMs - offsetAfter;
  const earlierValid = offsetMsAt(earlier, timeZone) === offsetBefore;
  const laterValid = offsetMsAt(later, timeZone) === offsetAfter;
  if (earlierValid && laterValid) {
    // A repeated wall time (fall back): its first occurrence.
    return Math.min(earlier, later);
  }
  if (laterValid) {
    return later;
  }
  // Valid with the earlier offset, or skipped (spring forward): the offset before the gap applies.
  return earlier;
};

/**
 * The instant of a local wall time in a zone. A wall time skipped by a DST change reads with the
 * offset before the change (02:30 → 03:30 daylight time); a repeated one is its first occurrence.
 */
export const zonedToInstant = (date: LocalDate, time: LocalTime, timeZone: string): Date =>
  new Date(instantMsOfWall(wallMsOfDate(date) + minutesOf(time) * MINUTE_MS, timeZone));

/** The local date, wall time (to the minute), ISO weekday and minutes since midnight of an instant in a zone. */
export const instantToZoned = (
  instant: Date,
  timeZone: string,
): { date: LocalDate; time: LocalTime; weekday: number; minutes: number } => {
  const instantMs = instant.getTime();
  if (Number.isNaN(instantMs)) {
    throw new RangeError('invalid instant');
  }
  const wallMs = wallMsAt(instantMs, timeZone);
  const midnight = Math.floor(wallMs / DAY_MS) * DAY_MS;
  const minutes = Math.floor((wallMs - midnight) / MINUTE_MS);
  const date = dateOfWallMs(midnight);
  return { date, time: timeOf(minutes), weekday: isoWeekday(date), minutes };
};

/** The first instant of a local date (the first instant after midnight when a DST change skips midnight). */
export const startOfLocalDay = (date: LocalDate, timeZone: string): Date => zonedToInstant(date, '00:00', timeZone);

/** A local date as the instants `[start, end)`: 23 or 25 hours long on DST change days. */
export const localDayBounds = (date: LocalDate, timeZone: string): { start: Date; end: Date } => ({
  start: startOfLocalDay(date, timeZone),
  end: startOfLocalDay(addDays(date, 1), timeZone),
});
