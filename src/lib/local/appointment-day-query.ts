import { ACTIVE_STATUSES } from '@/lib/domain/scheduling/status';
import type { SqlValue } from '@/lib/sync/client/sqlite/connection';

/*
 * Appointments of a time range read from the device database (issue #7): a provider's day (or any
 * range: a week, a next-available horizon) and a whole practice's day for the calendar. Browser-safe:
 * SQL text and parameters only, run by whichever connection the caller has (the page's
 * LocalDatabase, a Node replica in tests and benchmarks).
 *
 * The conditions are written on the very expressions of the search indexes of
 * src/lib/sync/client/sqlite/local-schema.ts (`appointments_provider_start` on practice, provider and
 * start; `appointments_start` on practice and start), so SQLite reads an index range instead of the
 * table: instants are ISO strings in one format (`toISOString()`: UTC, milliseconds), so text order
 * is time order. An appointment that started before the range but runs into it is found by starting
 * the index range one longest appointment earlier and keeping those that end after the range starts.
 *
 * Cancelled appointments and no-shows are returned (the calendar greys them, the today board lists
 * no-shows) unless `activeOnly` asks for those that hold their time (what a free-slot search needs).
 * Tombstoned rows (`deletedAt`) never are.
 */

/** The longest appointment the schemas accept (ZBookAppointment: at most 12 hours). */
export const MAX_APPOINTMENT_MS = 12 * 60 * 60 * 1000;

export type AppointmentRange = {
  practiceId: string;
  /** Start of the range (inclusive): appointments ending after it are returned. */
  from: string | Date;
  /** End of the range (exclusive): appointments starting before it are returned. */
  to: string | Date;
  /** Only appointments that hold their time (not cancelled, not a no-show). */
  activeOnly?: boolean;
};

const field = (name: string) => `json_extract(data, '$.${name}')`;

/** The instant in the stored format, so that text comparison is time comparison. */
const instant = (value: string | Date): string => {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new RangeError(`not an instant: ${String(value)}`);
  }
  return date.toISOString();
};

/** The conditions every range shares, after the index's own columns. */
const rangeTail = ({ from, activeOnly = false }: AppointmentRange): { sql: string; params: SqlValue[] } => ({
  sql: [
    `${field('endsAt')} > ?`,
    `${field('deletedAt')} is null`,
    ...(activeOnly ? [`${field('status')} in (${ACTIVE_STATUSES.map(() => '?').join(', ')})`] : []),
  ].join(' and '),
  params: [instant(from), ...(activeOnly ? [...ACTIVE_STATUSES] : [])],
});

/** Where the index range starts: early enough for the longest appointment running into the range. */
const scanFrom = (from: string | Date): string => new Date(Date.parse(instant(from)) - MAX_APPOINTMENT_MS).toISOString();

/**
 * The appointments of some providers of a practice overlapping `[from, to)` (a calendar column, a
 * provider's week, the horizon of a next-available search), by provider then start: the order of
 * `appointments_provider_start`, so no sort is needed. (For one provider the order names the start
 * alone: SQLite does not see that an expression held equal leaves the index in start order, and
 * would sort; for several, ordering by start alone leads it to the practice-wide index instead.)
 */
export const providerDayStatement = (range: AppointmentRange & { providerIds: readonly string[] }): { sql: string; params: SqlValue[] } => {
  const tail = rangeTail(range);
  const order = range.providerIds.length === 1 ? field('startsAt') : `${field('providerId')}, ${field('startsAt')}`;
  return {
    sql: `select data from appointments
      where practice_id = ? and ${field('providerId')} in (${range.providerIds.map(() => '?').join(', ')})
        and ${field('startsAt')} >= ? and ${field('startsAt')} < ? and ${tail.sql}
      order by ${order}`,
    params: [range.practiceId, ...range.providerIds, scanFrom(range.from), instant(range.to), ...tail.params],
  };
};

/** Every appointment of a practice overlapping `[from, to)` (the day view of all providers), by start. */
export const practiceRangeStatement = (range: AppointmentRange): { sql: string; params: SqlValue[] } => {
  const tail = rangeTail(range);
  return {
    sql: `select data from appointments
      where practice_id = ? and ${field('startsAt')} >= ? and ${field('startsAt')} < ? and ${tail.sql}
      order by ${field('startsAt')}`,
    params: [range.practiceId, scanFrom(range.from), instant(range.to), ...tail.params],
  };
};
