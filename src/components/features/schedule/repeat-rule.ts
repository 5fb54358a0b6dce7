import { countSeriesOccurrences, describeRule, expandSeries, MAX_SERIES_OCCURRENCES, ZRecurrenceRule } from '@/lib/domain/scheduling/recurrence';
import { ZLocalDate, ZLocalTime } from '@/lib/domain/scheduling/schemas';
import { isoWeekday, type LocalDate, type LocalTime } from '@/lib/domain/scheduling/zoned-time';

import { bookingProblems } from './booking-checks';
import type { LocalAppointment, SchedulingSetup } from './schedule-types';

/*
 * The booking dialog's "Repeat" section as a small model people can fill in (how often, every how
 * many, which weekdays, when it ends), turned into the RFC 5545 rule the series mutations take and
 * back again for editing a series (issue #7 §2). Rules this model cannot say (BYSETPOS, yearly, "the
 * 2nd Tuesday" …) read back as null: the series editor then shows them as they are and keeps them.
 * Pure: no React, no clock.
 */

export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Full day names: the weekday toggles' accessible names, and the summary's words. */
export const WEEKDAY_NAMES: Readonly<Record<Weekday, string>> = {
  MO: 'Monday',
  TU: 'Tuesday',
  WE: 'Wednesday',
  TH: 'Thursday',
  FR: 'Friday',
  SA: 'Saturday',
  SU: 'Sunday',
};

export const REPEAT_FREQUENCIES = ['none', 'daily', 'weekly', 'monthly'] as const;
export type RepeatFrequency = (typeof REPEAT_FREQUENCIES)[number];

export type RepeatEnds = { kind: 'count'; count: number } | { kind: 'until'; date: LocalDate };

/** What the Repeat section holds. `interval` and `count` may be NaN while a field is being typed. */
export type RepeatModel = {
  frequency: RepeatFrequency;
  /** Every `interval` days, weeks or months. */
  interval: number;
  /** For weekly: the days of the week (otherwise ignored). */
  weekdays: Weekday[];
  ends: RepeatEnds;
};

/** Whose messages show under which control. */
export type RepeatErrors = Partial<Record<'interval' | 'weekdays' | 'count' | 'until' | 'rule', string>>;

/** "Every N": more than this is a typing slip (the rule itself would take 999). */
export const MAX_REPEAT_INTERVAL = 99;
export const DEFAULT_REPEAT_COUNT = 10;

const FREQ_OF: Readonly<Record<Exclude<RepeatFrequency, 'none'>, string>> = { daily: 'DAILY', weekly: 'WEEKLY', monthly: 'MONTHLY' };

const isDate = (value: string): boolean => ZLocalDate.safeParse(value).success;

/** The weekday of a local date, or null when it is not a date (yet). */
export const weekdayOf = (date: LocalDate): Weekday | null => (isDate(date) ? (WEEKDAYS[isoWeekday(date) - 1] ?? null) : null);

/** "Does not repeat", ready to become weekly on the start date's weekday, ten times. */
export const noRepeat = (startDate: LocalDate): RepeatModel => {
  const day = weekdayOf(startDate);
  return { frequency: 'none', interval: 1, weekdays: day ? [day] : [], ends: { kind: 'count', count: DEFAULT_REPEAT_COUNT } };
};

/**
 * The model after the start date moved: weekdays still at their default (just the old date's day)
 * follow the new date, so "Weekly" keeps meaning "on the day of the first appointment".
 */
export const followStartDate = (model: RepeatModel, previous: LocalDate, next: LocalDate): RepeatModel => {
  const before = weekdayOf(previous);
  const after = weekdayOf(next);
  if (before === null || after === null || before === after || model.weekdays.length !== 1 || model.weekdays[0] !== before) {
    return model;
  }
  return { ...model, weekdays: [after] };
};

/** The RRULE value of a model (unchecked: see checkRepeat), null for "Does not repeat". */
export const toRule = (model: RepeatModel): string | null => {
  if (model.frequency === 'none') {
    return null;
  }
  const parts = [`FREQ=${FREQ_OF[model.frequency]}`];
  if (model.interval !== 1) {
    parts.push(`INTERVAL=${model.interval}`);
  }
  if (model.frequency === 'weekly') {
    // Week order, each once: the same days always give the same rule (and "unchanged" compares equal).
    parts.push(`BYDAY=${WEEKDAYS.filter((day) => model.weekdays.includes(day)).join(',')}`);
  }
  parts.push(model.ends.kind === 'count' ? `COUNT=${model.ends.count}` : `UNTIL=${model.ends.date.replaceAll('-', '')}`);
  return parts.join(';');
};

/**
 * The model of a stored rule, or null when the model cannot say it (the editor keeps such a rule
 * as it is). A weekly rule without BYDAY repeats on the start date's weekday (RFC 5545). An UNTIL
 * with a time reads as its date: the series editor writes those (`…T235959`, the end of that day).
 */
export const fromRule = (rule: string, startDate: LocalDate): RepeatModel | null => {
  const normalized = rule.trim().toUpperCase();
  if (!ZRecurrenceRule.safeParse(normalized).success) {
    return null;
  }
  const parts = new Map(normalized.split(';').map((part): [string, string] => {
    const [key = '', value = ''] = part.split('=');
    return [key, value];
  }));
  for (const key of parts.keys()) {
    if (!['FREQ', 'INTERVAL', 'BYDAY', 'COUNT', 'UNTIL', 'WKST'].includes(key)) {
      return null;
    }
  }
  if (parts.has('WKST') && parts.get('WKST') !== 'MO') {
    return null; // another week start changes which weeks "every 2 weeks" picks
  }
  const frequency = (Object.keys(FREQ_OF) as (keyof typeof FREQ_OF)[]).find((key) => FREQ_OF[key] === parts.get('FREQ'));
  if (frequency === undefined) {
    return null;
  }
  const interval = Number(parts.get('INTERVAL') ?? '1');
  if (interval > MAX_REPEAT_INTERVAL) {
    return null;
  }
  const byDay = parts.get('BYDAY');
  let weekdays: Weekday[];
  if (byDay === undefined) {
    const day = weekdayOf(startDate);
    weekdays = day ? [day] : [];
  } else {
    if (frequency !== 'weekly') {
      return null; // "every weekday" or "the last Friday": not in the model
    }
    const days = byDay.split(',');
    if (!days.every((day): day is Weekday => (WEEKDAYS as readonly string[]).includes(day))) {
      return null;
    }
    weekdays = WEEKDAYS.filter((day) => days.includes(day));
  }
  const count = parts.get('COUNT');
  const until = parts.get('UNTIL') ?? '';
  const ends: RepeatEnds = count !== undefined ? { kind: 'count', count: Number(count) } : { kind: 'until', date: `${until.slice(0, 4)}-${until.slice(4, 6)}-${until.slice(6, 8)}` };
  return { frequency, interval, weekdays, ends };
};

export type RepeatCheck = {
  /** The rule to save; null for "Does not repeat" or when there are errors. */
  rule: string | null;
  errors: RepeatErrors;
  /** How many appointments the series makes from its start (null when unknown). */
  total: number | null;
};

const dayMonth = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const dayMonthYear = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** "7 Dec", or "7 Dec 2027" with `year`. Local dates are formatted as UTC midnights: no zone shifts them. */
export const shortDate = (date: LocalDate, year = false): string => (year ? dayMonthYear : dayMonth).format(new Date(`${date}T00:00:00Z`));

/**
 * The model's rule for a series starting on `startDate`, with a message per control for what is
 * wrong: every N, the weekdays, the number of times (at most MAX_SERIES_OCCURRENCES), the end date
 * (on or after the start, and not past the limit).
 */
export const checkRepeat = (model: RepeatModel, start: { startDate: LocalDate; startTime?: LocalTime; timeZone: string }): RepeatCheck => {
  if (model.frequency === 'none') {
    return { rule: null, errors: {}, total: null };
  }
  const errors: RepeatErrors = {};
  if (!Number.isInteger(model.interval) || model.interval < 1 || model.interval > MAX_REPEAT_INTERVAL) {
    errors.interval = `Enter a whole number from 1 to ${MAX_REPEAT_INTERVAL}`;
  }
  if (model.frequency === 'weekly' && model.weekdays.length === 0) {
    errors.weekdays = 'Choose at least one day';
  }
  const startKnown = isDate(start.startDate);
  if (model.ends.kind === 'count') {
    const { count } = model.ends;
    if (!Number.isInteger(count) || count < 1 || count > MAX_SERIES_OCCURRENCES) {
      errors.count = `Enter a number of times from 1 to ${MAX_SERIES_OCCURRENCES}`;
    }
  } else if (!isDate(model.ends.date)) {
    errors.until = 'Enter the last date, such as 2027-03-31';
  } else if (startKnown && model.ends.date < start.startDate) {
    errors.until = `Choose a date on or after the first appointment (${shortDate(start.startDate, true)})`;
  }
  if (Object.keys(errors).length > 0) {
    return { rule: null, errors, total: null };
  }
  const rule = toRule(model) ?? '';
  const parsed = ZRecurrenceRule.safeParse(rule);
  if (!parsed.success) {
    return { rule: null, errors: { rule: `This repeat cannot be saved: ${parsed.error.issues[0]?.message ?? 'invalid rule'}` }, total: null };
  }
  if (!startKnown) {
    return { rule: parsed.data, errors, total: null };
  }
  const startTime = start.startTime !== undefined && ZLocalTime.safeParse(start.startTime).success ? start.startTime : '00:00';
  let total: number;
  try {
    total = countSeriesOccurrences({ rule: parsed.data, startDate: start.startDate, startTime, timeZone: start.timeZone });
  } catch {
    return { rule: parsed.data, errors, total: null };
  }
  if (total > MAX_SERIES_OCCURRENCES) {
    // Only an end date can go past the limit (a count is checked above).
    return { rule: null, errors: { until: `A series has at most ${MAX_SERIES_OCCURRENCES} appointments and this end date gives more: choose an earlier date` }, total };
  }
  if (total === 0) {
    return { rule: null, errors: { until: 'No appointment falls on or before this date: choose a later one' }, total };
  }
  return { rule: parsed.data, errors, total };
};

const plural = (n: number, one: string, many: string): string => `${n === 1 ? one : `${n} ${many}`}`;

const listDays = (days: readonly Weekday[]): string => {
  const names = WEEKDAYS.filter((day) => days.includes(day)).map((day) => WEEKDAY_NAMES[day]);
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`;
};

/** A plain sentence for a model: "Weekly on Monday, 10 times", "Every 2 months on day 31, until 31 Dec 2027". */
export const summarizeRepeat = (model: RepeatModel, startDate: LocalDate): string => {
  if (model.frequency === 'none') {
    return 'Does not repeat';
  }
  const every =
    model.frequency === 'daily'
      ? model.interval === 1 ? 'Daily' : `Every ${plural(model.interval, 'day', 'days')}`
      : model.frequency === 'weekly'
        ? model.interval === 1 ? 'Weekly' : `Every ${plural(model.interval, 'week', 'weeks')}`
        : model.interval === 1 ? 'Monthly' : `Every ${plural(model.interval, 'month', 'months')}`;
  const on =
    model.frequency === 'weekly' && model.weekdays.length > 0
      ? ` on ${listDays(model.weekdays)}`
      : model.frequency === 'monthly' && isDate(startDate)
        ? ` on day ${Number(startDate.slice(8, 10))}`
        : '';
  const ends = model.ends.kind === 'count' ? `${model.ends.count} ${model.ends.count === 1 ? 'time' : 'times'}` : isDate(model.ends.date) ? `until ${shortDate(model.ends.date, true)}` : '';
  return `${every}${on}${ends === '' ? '' : `, ${ends}`}`;
};

export type SeriesOccurrence = { occurrenceDate: LocalDate; startsAt: Date; endsAt: Date };

/**
 * A series' occurrences in the location's zone (expandSeries), from `fromDate` when given; null
 * while the rule, date, time or length cannot make any (a field is being typed).
 */
export const seriesOccurrences = (series: {
  rule: string;
  startDate: LocalDate;
  startTime: LocalTime;
  durationMinutes: number;
  timeZone: string;
  exceptionDates?: readonly LocalDate[];
  fromDate?: LocalDate;
}): SeriesOccurrence[] | null => {
  try {
    return expandSeries(series);
  } catch {
    return null; // RangeError: an invalid rule, date, time, length or zone
  }
};

export type RepeatPreview = {
  /** The first few dates. */
  first: LocalDate[];
  /** The last date, when it is not among the first. */
  last: LocalDate | null;
  total: number;
  /** rrule's own description of the rule ("Every week on Monday for 10 times"). */
  description: string;
};

/** The first `limit` dates of a series and its last, with rrule's sentence for the rule. */
export const repeatPreview = (rule: string, occurrences: readonly SeriesOccurrence[], limit = 3): RepeatPreview => {
  const dates = occurrences.map((occurrence) => occurrence.occurrenceDate);
  return {
    first: dates.slice(0, limit),
    last: dates.length > limit ? (dates.at(-1) ?? null) : null,
    total: dates.length,
    description: describeRule(rule),
  };
};

/** "Weekly on Monday, 10 times: 7 Dec, 14 Dec, 21 Dec, … 8 Feb 2027 (10 appointments)". */
export const previewLine = (summary: string, preview: RepeatPreview): string => {
  if (preview.total === 0) {
    return `${summary}: no appointments`;
  }
  const firstYear = preview.first[0]?.slice(0, 4);
  const label = (date: LocalDate) => shortDate(date, date.slice(0, 4) !== firstYear);
  const dates = preview.first.map(label).join(', ');
  const last = preview.last === null ? '' : `, … ${label(preview.last)}`;
  return `${summary}: ${dates}${last} (${preview.total} ${preview.total === 1 ? 'appointment' : 'appointments'})`;
};

/**
 * For "this and following": the rule of the new series that starts on `fromDate`. A COUNT counts
 * from the series' start, so it becomes the number of the old rule's dates left on and after
 * `fromDate` (skipped dates count, as EXDATE does); an UNTIL rule stays as it is.
 */
export const remainingRule = (series: { rule: string; startDate: LocalDate; startTime: LocalTime; timeZone: string }, fromDate: LocalDate): string => {
  const rule = series.rule.trim().toUpperCase();
  if (!/(^|;)COUNT=/.test(rule)) {
    return rule;
  }
  const left = seriesOccurrences({ ...series, rule, durationMinutes: 1, fromDate })?.length ?? 0;
  return rule
    .split(';')
    .map((part) => (part.startsWith('COUNT=') ? `COUNT=${Math.max(left, 1)}` : part))
    .join(';');
};

export type SeriesProblems = {
  /** Dates whose slot another active appointment of the provider or the room holds. */
  taken: LocalDate[];
  /** Dates outside the provider's working hours (bookable with a reason). */
  outsideHours: LocalDate[];
};

/**
 * Every occurrence checked as one booking would be (bookingProblems), against the appointments
 * this device holds; those of `ignoreSeriesId` are left out (an edit moves or keeps them). The
 * server checks again, and books all of a series or none.
 */
export const seriesProblems = ({
  setup,
  appointments,
  occurrences,
  slot,
  timeZone,
  ignoreSeriesId,
}: {
  setup: SchedulingSetup;
  appointments: readonly LocalAppointment[];
  occurrences: readonly SeriesOccurrence[];
  slot: { providerId: string; roomId: string | null; locationId: string };
  timeZone: string;
  ignoreSeriesId?: string;
}): SeriesProblems => {
  const others = ignoreSeriesId === undefined ? appointments : appointments.filter((appointment) => appointment.seriesId !== ignoreSeriesId);
  const taken: LocalDate[] = [];
  const outsideHours: LocalDate[] = [];
  for (const occurrence of occurrences) {
    const problems = bookingProblems({ setup, appointments: others, candidate: { ...slot, startsAt: occurrence.startsAt, endsAt: occurrence.endsAt }, timeZone });
    if (problems.taken.length > 0) {
      taken.push(occurrence.occurrenceDate);
    }
    if (problems.outsideHours) {
      outsideHours.push(occurrence.occurrenceDate);
    }
  }
  return { taken, outsideHours };
};

/** The range of appointments to read for checking occurrences: from the first start to the last end. */
export const occurrenceSpan = (occurrences: readonly SeriesOccurrence[]): { from: Date; to: Date } | null => {
  const first = occurrences[0];
  const last = occurrences.at(-1);
  return first && last ? { from: first.startsAt, to: last.endsAt } : null;
};

/** "14 Dec, 4 Jan 2027 and 3 more" for a message naming dates. */
export const listDates = (dates: readonly LocalDate[], max = 6): string => {
  const firstYear = dates[0]?.slice(0, 4);
  const shown = dates.slice(0, max).map((date) => shortDate(date, date.slice(0, 4) !== firstYear));
  const more = dates.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.length <= 1 ? (shown[0] ?? '') : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1) ?? ''}`;
};
