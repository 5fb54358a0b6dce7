import { expandSeries, truncateRuleBefore } from './recurrence';
import { isReschedulable, type AppointmentStatus } from './status';

/*
 * What creating or editing a recurring series does to its occurrences (issue #7 §2), decided the same
 * way on the device (the optimistic effect) and on the server (the authority), from the series and
 * the occurrences that exist. Pure: no database, no clock.
 *
 * An occurrence's id is derived from its series and original date (occurrenceId), so the device and
 * the server name the same occurrence the same way without talking, and a replayed edit finds the
 * rows it made.
 */

/** The series fields the plan reads (a synced `appointment_series` row has them). */
export type SeriesFields = {
  id: string;
  practiceId: string;
  patientId: string;
  providerId: string;
  locationId: string;
  roomId: string | null;
  typeId: string;
  rule: string;
  startDate: string;
  startTime: string;
  durationMinutes: number;
  timeZone: string;
  exceptionDates: string[];
  notes: string | null;
};

/** The occurrence fields the plan reads and writes. */
export type OccurrenceFields = {
  id: string;
  seriesId: string;
  occurrenceDate: string;
  providerId: string;
  roomId: string | null;
  typeId: string;
  locationId: string;
  patientId: string;
  startsAt: string;
  endsAt: string;
  status: AppointmentStatus;
  detached: boolean;
  notes: string | null;
  deletedAt: string | null;
};

/**
 * The id of a series' occurrence on its original local date: the series id with its last eight hex
 * digits replaced by the date's (`YYYYMMDD`, decimal digits are hex digits) and version 8 (RFC 9562
 * "custom"). Series ids are UUIDv7, unique in their first 96 bits, so two series cannot share one.
 */
export const occurrenceId = (seriesId: string, occurrenceDate: string): string => {
  const hex = seriesId.replaceAll('-', '').toLowerCase();
  const withDate = `${hex.slice(0, 12)}8${hex.slice(13, 24)}${occurrenceDate.replaceAll('-', '')}`;
  return `${withDate.slice(0, 8)}-${withDate.slice(8, 12)}-${withDate.slice(12, 16)}-${withDate.slice(16, 20)}-${withDate.slice(20)}`;
};

/** An occurrence a plan writes: created, or revived and changed (same id), with these fields. */
export type PlannedOccurrence = Omit<OccurrenceFields, 'deletedAt' | 'status' | 'detached'>;

export type SeriesPlan = {
  /** Occurrences to write as booked and attached to their series (insert, or update by id). */
  upserts: PlannedOccurrence[];
  /** Ids of occurrences that leave the schedule (tombstoned: they had not happened). */
  removals: string[];
};

/** Whether a series edit may move an occurrence: still ahead, unchanged on its own. */
const regenerable = (occurrence: OccurrenceFields): boolean =>
  occurrence.deletedAt === null && !occurrence.detached && isReschedulable(occurrence.status);

const occurrencesOf = (series: SeriesFields, fromDate?: string): PlannedOccurrence[] =>
  expandSeries({
    rule: series.rule,
    startDate: series.startDate,
    startTime: series.startTime,
    durationMinutes: series.durationMinutes,
    timeZone: series.timeZone,
    exceptionDates: series.exceptionDates,
    ...(fromDate === undefined ? {} : { fromDate }),
  }).map((occurrence) => ({
    id: occurrenceId(series.id, occurrence.occurrenceDate),
    seriesId: series.id,
    occurrenceDate: occurrence.occurrenceDate,
    providerId: series.providerId,
    roomId: series.roomId,
    typeId: series.typeId,
    locationId: series.locationId,
    patientId: series.patientId,
    startsAt: occurrence.startsAt.toISOString(),
    endsAt: occurrence.endsAt.toISOString(),
    notes: series.notes,
  }));

/** The occurrences of a new series. */
export const planNewSeries = (series: SeriesFields): SeriesPlan => ({ upserts: occurrencesOf(series), removals: [] });

/**
 * Regenerates `series` (as it is after the edit) on and after `fromDate`, over the occurrences that
 * exist there: occurrences still in the plan keep their id and move; occurrences no longer in it
 * leave; occurrences a person edited on their own (detached), or that are under way or over, stay as
 * they are and keep their date from being generated again.
 */
export const planRegeneration = (series: SeriesFields, existing: readonly OccurrenceFields[], fromDate: string): SeriesPlan => {
  const kept = new Set(existing.filter((occurrence) => occurrence.deletedAt === null && !regenerable(occurrence)).map((o) => o.occurrenceDate));
  const wanted = occurrencesOf(series, fromDate).filter((occurrence) => !kept.has(occurrence.occurrenceDate));
  const wantedIds = new Set(wanted.map((occurrence) => occurrence.id));
  const removals = existing
    .filter((occurrence) => occurrence.seriesId === series.id && occurrence.occurrenceDate >= fromDate && regenerable(occurrence) && !wantedIds.has(occurrence.id))
    .map((occurrence) => occurrence.id);
  return { upserts: wanted, removals };
};

/**
 * "This and following": the old series ends the day before `fromDate`, and a new series (the old
 * one's fields with the changes) starts there. The old series' movable occurrences from that date
 * leave; the new series' are created. Occurrences that stay (detached, under way) remain in the old
 * series.
 */
export const planSplit = (
  oldSeries: SeriesFields,
  existing: readonly OccurrenceFields[],
  fromDate: string,
  newSeries: SeriesFields,
): { oldRule: string; newExceptionDates: string[]; plan: SeriesPlan } => {
  const kept = new Set(
    existing
      .filter((occurrence) => occurrence.deletedAt === null && !regenerable(occurrence) && occurrence.occurrenceDate >= fromDate)
      .map((o) => o.occurrenceDate),
  );
  const removals = existing
    .filter((occurrence) => occurrence.seriesId === oldSeries.id && occurrence.occurrenceDate >= fromDate && regenerable(occurrence))
    .map((occurrence) => occurrence.id);
  // The dates that stay with the old series are the new one's exceptions, so no later edit of the
  // new series books them twice.
  const newExceptionDates = [...kept].sort();
  const upserts = occurrencesOf({ ...newSeries, exceptionDates: newExceptionDates }).filter((occurrence) => !kept.has(occurrence.occurrenceDate));
  return { oldRule: truncateRuleBefore(oldSeries.rule, fromDate), newExceptionDates, plan: { upserts, removals } };
};

/** The dates of a series' occurrences on and after `fromDate` (to find the rows that exist). */
export const occurrenceDatesFrom = (series: SeriesFields, fromDate: string): string[] =>
  occurrencesOf({ ...series, exceptionDates: [] }, fromDate).map((occurrence) => occurrence.occurrenceDate);
