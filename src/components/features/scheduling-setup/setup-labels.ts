/*
 * Words the set-up screen shows for its rows (issue #7 §1): weekdays, periods, times, durations.
 * Plain English for front-desk staff and practice managers; dates stay ISO (YYYY-MM-DD), as the
 * inputs take them.
 */

/** ISO weekdays, 1 = Monday … 7 = Sunday, as the working hours store them. */
export const WEEKDAYS = [
  { value: 1, label: 'Monday', short: 'Mon' },
  { value: 2, label: 'Tuesday', short: 'Tue' },
  { value: 3, label: 'Wednesday', short: 'Wed' },
  { value: 4, label: 'Thursday', short: 'Thu' },
  { value: 5, label: 'Friday', short: 'Fri' },
  { value: 6, label: 'Saturday', short: 'Sat' },
  { value: 7, label: 'Sunday', short: 'Sun' },
] as const;

export const weekdayLabel = (weekday: number): string => WEEKDAYS.find((day) => day.value === weekday)?.label ?? `Day ${weekday}`;

/** When a rota applies: both ends optional. */
export const validityLabel = (validFrom: string | null, validUntil: string | null): string => {
  if (validFrom !== null && validUntil !== null) {
    return validFrom === validUntil ? `On ${validFrom} only` : `${validFrom} to ${validUntil}`;
  }
  if (validFrom !== null) {
    return `From ${validFrom}`;
  }
  if (validUntil !== null) {
    return `Until ${validUntil}`;
  }
  return 'Every week';
};

/** `09:00–12:30`. */
export const timeRangeLabel = (startTime: string, endTime: string): string => `${startTime}–${endTime}`;

/** An exception's hours: a range, or the whole day when it has none. */
export const exceptionTimeLabel = (startTime: string | null, endTime: string | null): string =>
  startTime === null || endTime === null ? 'Whole day' : timeRangeLabel(startTime, endTime);

export const EXCEPTION_KINDS = [
  { value: 'time_off', label: 'Time off' },
  { value: 'extra_hours', label: 'Extra hours' },
] as const;
export type ExceptionKind = (typeof EXCEPTION_KINDS)[number]['value'];

export const exceptionKindLabel = (kind: ExceptionKind): string => {
  switch (kind) {
    case 'time_off':
      return 'Time off';
    case 'extra_hours':
      return 'Extra hours';
  }
};

/** `45 min`, `1 h`, `1 h 30 min`. */
export const minutesLabel = (minutes: number): string => {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) {
    return `${rest} min`;
  }
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
};

/** Buffers before and after an appointment, or "None". */
export const buffersLabel = (before: number, after: number): string => {
  const parts = [before > 0 ? `${minutesLabel(before)} before` : null, after > 0 ? `${minutesLabel(after)} after` : null].filter(
    (part): part is string => part !== null,
  );
  return parts.length === 0 ? 'None' : parts.join(', ');
};

/** A location's name by id; null means every location. An unknown id (not synced yet) says so. */
export const locationName = (names: ReadonlyMap<string, string>, locationId: string | null): string =>
  locationId === null ? 'All locations' : (names.get(locationId) ?? 'Unknown location');

/** One line of an address, from the parts that are filled in. */
export const addressLine = (parts: readonly (string | null | undefined)[]): string =>
  parts.filter((part): part is string => typeof part === 'string' && part.trim() !== '').join(', ');

const pad = (value: number) => String(value).padStart(2, '0');

/** The device's local calendar date of `now`, YYYY-MM-DD (what "past" means in the lists). */
export const localDateOf = (now: Date): string => `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;

/** Rows dated today or later, unless past ones are asked for too; and how many were left out. */
export const splitPast = <T extends { date: string }>(rows: readonly T[], today: string, showPast: boolean): { shown: T[]; hidden: number } => {
  const shown = showPast ? [...rows] : rows.filter((row) => row.date >= today);
  return { shown, hidden: rows.length - shown.length };
};
