import * as rruleNamespace from 'rrule';
import type { Options as RRuleOptions } from 'rrule';
import { z } from 'zod';
import { addDays, dateOfWallMs, minutesOf, offsetMsAt, timeOf, wallMsOfDate, zonedToInstant, type LocalDate, type LocalTime } from './zoned-time';

/*
 * Recurring series (issue #7): an RFC 5545 rule (the RRULE value, without `RRULE:` or DTSTART), a
 * local start date and wall time, and the location's zone.
 *
 * A series is clinic wall time: 09:00 every Monday stays 09:00 across DST changes. So the rule is
 * expanded by `rrule` in "floating" time (the wall time written as if it were UTC, which keeps
 * rrule's own zone handling out of it) and each occurrence's wall time becomes an instant with
 * zonedToInstant, whose DST rules are RFC 5545's.
 *
 * `rrule` accepts more than it understands (an unknown FREQ is dropped, `COUNT=abc` kept, a bad
 * BYDAY crashes later) and iterates to the year 9999 looking for occurrences of a rule that has
 * none (7 s for FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30). So rules are checked here, part by part,
 * before rrule sees them, and refused with messages fit for a form field.
 */

/*
 * rrule 2.8 has no `exports` map: bundlers and Vitest take its ES module build (`module`), but
 * Node's own loader (tsx scripts: seeding, benchmarks) takes the UMD build (`main`) as CommonJS,
 * whose names it cannot see, so `import { RRule } from 'rrule'` fails there and only `default`
 * holds the module. Take whichever arrived.
 */
const rruleModule: typeof rruleNamespace =
  typeof rruleNamespace.RRule === 'function' ? rruleNamespace : (Reflect.get(rruleNamespace, 'default') as typeof rruleNamespace);
const { RRule } = rruleModule;

/** A series has at most this many occurrences (two years of weekly visits). */
export const MAX_SERIES_OCCURRENCES = 104;

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const FREQUENCIES = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'] as const;
type SeriesFrequency = (typeof FREQUENCIES)[number];

/** Rule parts a series may use; BYHOUR, BYMINUTE and BYSECOND are not among them (the time is the start time). */
const RULE_PARTS = new Set([
  'FREQ',
  'INTERVAL',
  'COUNT',
  'UNTIL',
  'BYDAY',
  'BYMONTHDAY',
  'BYMONTH',
  'BYYEARDAY',
  'BYWEEKNO',
  'BYSETPOS',
  'WKST',
]);

const WEEKDAY = /^(MO|TU|WE|TH|FR|SA|SU)$/;
const BYDAY_ITEM = /^([+-]?)(\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/;
const UNTIL_VALUE = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/;
/** Days in each month, February in a leap year: a month day beyond these never occurs. */
const MONTH_LENGTHS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

type ParsedUntil = { kind: 'date' | 'floating' | 'utc'; wallMs: number };

const parseUntil = (value: string): ParsedUntil | null => {
  const match = UNTIL_VALUE.exec(value);
  if (!match) {
    return null;
  }
  const [, y = '', mo = '', d = '', h, mi, s, zulu] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return null;
  }
  if (h === undefined) {
    // A date alone includes that whole day, whatever the start time.
    return { kind: 'date', wallMs: date.getTime() + DAY_MS - 1000 };
  }
  const hours = Number(h);
  const minutes = Number(mi);
  const seconds = Number(s);
  if (hours > 23 || minutes > 59 || seconds > 59) {
    return null;
  }
  return { kind: zulu === 'Z' ? 'utc' : 'floating', wallMs: date.getTime() + ((hours * 60 + minutes) * 60 + seconds) * 1000 };
};

/** Whole numbers in [min, max] and their negatives when `signed`, comma-separated. */
const numberList = (value: string, min: number, max: number, signed: boolean): number[] | null => {
  const numbers: number[] = [];
  for (const item of value.split(',')) {
    if (!(signed ? /^[+-]?\d{1,3}$/ : /^\+?\d{1,3}$/).test(item)) {
      return null;
    }
    const n = Number(item);
    if (Math.abs(n) < min || Math.abs(n) > max) {
      return null;
    }
    numbers.push(n);
  }
  return numbers;
};

/** The rule's parts in order, upper case, or a message for the first problem. */
const splitRule = (rule: string): { parts: [string, string][] } | { error: string } => {
  if (/^(RRULE|DTSTART|EXDATE|RDATE)\b|[:\r\n]/i.test(rule)) {
    return { error: 'enter the rule alone, without RRULE:, DTSTART or EXDATE' };
  }
  const parts: [string, string][] = [];
  const seen = new Set<string>();
  for (const part of rule.split(';')) {
    const match = /^([A-Z]+)=([A-Z0-9,+-]+)$/i.exec(part.trim());
    if (!match) {
      return { error: 'expected parts such as FREQ=WEEKLY;BYDAY=MO;COUNT=10' };
    }
    const key = (match[1] ?? '').toUpperCase();
    if (seen.has(key)) {
      return { error: `${key} is given twice` };
    }
    seen.add(key);
    parts.push([key, (match[2] ?? '').toUpperCase()]);
  }
  return { parts };
};

/** The first problem with a rule, as a short message for people; null when it is a valid series rule. */
const ruleProblem = (rule: string): string | null => {
  if (rule.trim() === '') {
    return 'required';
  }
  const split = splitRule(rule);
  if ('error' in split) {
    return split.error;
  }
  const parts = new Map(split.parts);
  for (const key of parts.keys()) {
    if (key === 'BYHOUR' || key === 'BYMINUTE' || key === 'BYSECOND') {
      return 'the time of day comes from the start time: remove BYHOUR, BYMINUTE and BYSECOND';
    }
    if (!RULE_PARTS.has(key)) {
      return `unknown rule part ${key}`;
    }
  }
  const freq = parts.get('FREQ');
  if (freq === undefined) {
    return 'FREQ is required';
  }
  if (!(FREQUENCIES as readonly string[]).includes(freq)) {
    return 'repeat daily, weekly, monthly or yearly';
  }
  const frequency = freq as SeriesFrequency;
  const count = parts.get('COUNT');
  const until = parts.get('UNTIL');
  if (count === undefined && until === undefined) {
    return 'the series must end: give COUNT or UNTIL';
  }
  if (count !== undefined && until !== undefined) {
    return 'give COUNT or UNTIL, not both';
  }
  if (count !== undefined && (!/^\d{1,3}$/.test(count) || Number(count) < 1 || Number(count) > MAX_SERIES_OCCURRENCES)) {
    return `COUNT must be from 1 to ${MAX_SERIES_OCCURRENCES}`;
  }
  if (until !== undefined && parseUntil(until) === null) {
    return 'UNTIL must be a date such as 20261231';
  }
  const interval = parts.get('INTERVAL');
  if (interval !== undefined && numberList(interval, 1, 999, false)?.length !== 1) {
    return 'INTERVAL must be a whole number from 1 to 999';
  }
  const monthlyOrYearly = frequency === 'MONTHLY' || frequency === 'YEARLY';
  const byDay = parts.get('BYDAY');
  if (byDay !== undefined) {
    for (const item of byDay.split(',')) {
      const match = BYDAY_ITEM.exec(item);
      if (!match) {
        return 'BYDAY must list days such as MO,WE';
      }
      const ordinal = match[2];
      if (ordinal !== undefined) {
        // RFC 5545: "the 2nd Tuesday" only means something within a month or a year.
        if (!monthlyOrYearly) {
          return 'days such as 2TU or -1FR need FREQ=MONTHLY or YEARLY';
        }
        const n = Number(ordinal);
        if (n < 1 || n > (frequency === 'MONTHLY' ? 5 : 53)) {
          return `no month or year has ${item}`;
        }
      }
    }
  }
  const byMonthDay = parts.get('BYMONTHDAY');
  const monthDays = byMonthDay === undefined ? undefined : numberList(byMonthDay, 1, 31, true);
  if (monthDays === null) {
    return 'BYMONTHDAY must be days of the month such as 1,15 or -1';
  }
  if (monthDays !== undefined && frequency === 'WEEKLY') {
    return 'BYMONTHDAY does not go with FREQ=WEEKLY';
  }
  const byMonth = parts.get('BYMONTH');
  const months = byMonth === undefined ? undefined : numberList(byMonth, 1, 12, false);
  if (months === null) {
    return 'BYMONTH must be months from 1 to 12';
  }
  if (months !== undefined && monthDays !== undefined) {
    // Such a rule has no occurrence, and rrule would search for one until the year 9999.
    const possible = months.some((month) => monthDays.some((day) => Math.abs(day) <= (MONTH_LENGTHS[month - 1] ?? 0)));
    if (!possible) {
      return 'none of these months has that day';
    }
  }
  const byYearDay = parts.get('BYYEARDAY');
  if (byYearDay !== undefined && (frequency !== 'YEARLY' || numberList(byYearDay, 1, 366, true) === null)) {
    return 'BYYEARDAY needs FREQ=YEARLY and days from 1 to 366';
  }
  const byWeekNo = parts.get('BYWEEKNO');
  if (byWeekNo !== undefined && (frequency !== 'YEARLY' || numberList(byWeekNo, 1, 53, true) === null)) {
    return 'BYWEEKNO needs FREQ=YEARLY and weeks from 1 to 53';
  }
  const bySetPos = parts.get('BYSETPOS');
  if (bySetPos !== undefined) {
    if (numberList(bySetPos, 1, 366, true) === null) {
      return 'BYSETPOS must be positions such as 1 or -1';
    }
    // Picking the nth of a day's or a week's few dates mostly picks nothing, and rrule then
    // searches every day until the year 9999; "the last weekday of the month" is what it is for.
    if (!monthlyOrYearly) {
      return 'BYSETPOS needs FREQ=MONTHLY or YEARLY';
    }
    if (byDay === undefined && monthDays === undefined && months === undefined && byYearDay === undefined && byWeekNo === undefined) {
      return 'BYSETPOS needs another BY… part to pick from';
    }
  }
  const weekStart = parts.get('WKST');
  if (weekStart !== undefined && !WEEKDAY.test(weekStart)) {
    return 'WKST must be a day such as MO';
  }
  try {
    // Last word to rrule itself: whatever it cannot read is not a rule.
    void new RRule({ ...RRule.parseString(rule), dtstart: new Date(0) });
  } catch {
    return 'not a valid repeat rule';
  }
  return null;
};

/**
 * A series' repeat rule: the RFC 5545 RRULE value without `RRULE:` or DTSTART, such as
 * `FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10`. Daily, weekly, monthly or yearly; it must end (COUNT of at
 * most MAX_SERIES_OCCURRENCES, or UNTIL as `YYYYMMDD`, `YYYYMMDDTHHMMSSZ` or the floating
 * `YYYYMMDDTHHMMSS` that truncateRuleBefore writes). Stored upper case. How many occurrences an
 * UNTIL gives depends on the start date: check with countSeriesOccurrences.
 */
export const ZRecurrenceRule = z
  .string()
  .trim()
  .toUpperCase()
  .superRefine((rule, ctx) => {
    const problem = ruleProblem(rule);
    if (problem !== null) {
      ctx.addIssue({ code: 'custom', message: problem });
    }
  });

const assertRule = (rule: string): void => {
  const problem = ruleProblem(rule);
  if (problem !== null) {
    throw new RangeError(`invalid repeat rule "${rule}": ${problem}`);
  }
};

type SeriesStart = { rule: string; startDate: LocalDate; startTime: LocalTime; timeZone: string };

/** The rule's occurrences as floating wall milliseconds, at most `max`, with the instant bound of a UTC UNTIL. */
const floatingOccurrences = (
  { rule: input, startDate, startTime, timeZone }: SeriesStart,
  max: number,
): { wallMs: number[]; untilInstant: number | null } => {
  const rule = input.trim().toUpperCase();
  assertRule(rule);
  const options: Partial<RRuleOptions> = RRule.parseString(rule);
  const untilValue = splitParts(rule).find(([key]) => key === 'UNTIL')?.[1];
  const until = untilValue === undefined ? null : parseUntil(untilValue);
  let untilInstant: number | null = null;
  if (until) {
    if (until.kind === 'utc') {
      // An instant: compare wall times with its wall time in the zone (then instants, below, for
      // the hour a fall-back repeats).
      untilInstant = until.wallMs;
      options.until = new Date(until.wallMs + offsetMsAt(until.wallMs, timeZone));
    } else {
      options.until = new Date(until.wallMs);
    }
  }
  const dtstart = new Date(wallMsOfDate(startDate) + minutesOf(startTime) * MINUTE_MS);
  const dates = new RRule({ ...options, dtstart, tzid: null }).all((_, length) => length < max);
  return { wallMs: dates.map((date) => date.getTime()), untilInstant };
};

/** [key, value] parts of a rule that may still be unchecked (for rewriting it). */
const splitParts = (rule: string): [string, string][] =>
  rule
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part): [string, string] => {
      const at = part.indexOf('=');
      return at < 0 ? [part.toUpperCase(), ''] : [part.slice(0, at).toUpperCase(), part.slice(at + 1)];
    });

/**
 * The occurrences of a series: each on its local date at the start wall time in the zone (so a
 * 09:00 series stays at 09:00 across DST changes), lasting `durationMinutes`. Occurrences on
 * `exceptionDates` are taken out (they still count towards COUNT, as EXDATE does in RFC 5545);
 * `fromDate` keeps those on or after it. At most MAX_SERIES_OCCURRENCES: a longer UNTIL rule is
 * cut there. Throws a RangeError for an invalid rule, date, time or zone.
 */
export const expandSeries = ({
  rule,
  startDate,
  startTime,
  durationMinutes,
  timeZone,
  exceptionDates = [],
  fromDate,
}: {
  rule: string;
  startDate: LocalDate;
  startTime: LocalTime;
  durationMinutes: number;
  timeZone: string;
  exceptionDates?: readonly LocalDate[];
  fromDate?: LocalDate;
}): { occurrenceDate: LocalDate; startsAt: Date; endsAt: Date }[] => {
  if (!Number.isInteger(durationMinutes) || durationMinutes <= 0) {
    throw new RangeError(`durationMinutes must be a positive whole number, not ${durationMinutes}`);
  }
  const { wallMs, untilInstant } = floatingOccurrences({ rule, startDate, startTime, timeZone }, MAX_SERIES_OCCURRENCES);
  const skipped = new Set(exceptionDates);
  const occurrences: { occurrenceDate: LocalDate; startsAt: Date; endsAt: Date }[] = [];
  for (const wall of wallMs) {
    const occurrenceDate = dateOfWallMs(wall);
    if (skipped.has(occurrenceDate) || (fromDate !== undefined && occurrenceDate < fromDate)) {
      continue;
    }
    const midnight = wallMsOfDate(occurrenceDate);
    const startsAt = zonedToInstant(occurrenceDate, timeOf(Math.floor((wall - midnight) / MINUTE_MS)), timeZone);
    if (untilInstant !== null && startsAt.getTime() > untilInstant) {
      break;
    }
    occurrences.push({ occurrenceDate, startsAt, endsAt: new Date(startsAt.getTime() + durationMinutes * MINUTE_MS) });
  }
  return occurrences;
};

/**
 * How many occurrences a series' rule gives from its start, counting up to one more than
 * MAX_SERIES_OCCURRENCES (so `> MAX_SERIES_OCCURRENCES` means too many). For UNTIL rules, whose
 * length the rule alone does not tell. Throws a RangeError for an invalid rule.
 */
export const countSeriesOccurrences = (series: SeriesStart): number =>
  floatingOccurrences(series, MAX_SERIES_OCCURRENCES + 1).wallMs.length;

const compactDate = (date: LocalDate): string => date.replaceAll('-', '');

/**
 * The rule ending the day before `date`, for "this and following" edits (the old series stops, a
 * new one starts on `date`): COUNT or UNTIL becomes `UNTIL=<day before>T235959`, floating (the end
 * of that local day); an UNTIL already earlier is kept. Other parts are kept as they are. Assumes
 * a COUNT rule still has occurrences on or after `date` (the occurrence being edited).
 */
export const truncateRuleBefore = (rule: string, date: LocalDate): string => {
  const dayBefore = compactDate(addDays(date, -1));
  const newUntil = `${dayBefore}T235959`;
  const parts = splitParts(rule);
  const untilValue = parts.find(([key]) => key === 'UNTIL')?.[1];
  const keepUntil = untilValue !== undefined && untilValue.slice(0, 8) < dayBefore;
  const result: string[] = [];
  let placed = false;
  for (const [key, value] of parts) {
    if (key === 'COUNT' || key === 'UNTIL') {
      if (!placed) {
        result.push(`UNTIL=${keepUntil ? value : newUntil}`);
        placed = true;
      }
      continue;
    }
    result.push(`${key}=${value}`);
  }
  if (!placed) {
    result.push(`UNTIL=${newUntil}`);
  }
  return result.join(';');
};

/** A short English description of a rule for the UI, e.g. "Every week on Monday, Wednesday for 10 times"; the rule itself if rrule cannot describe it. */
export const describeRule = (rule: string): string => {
  try {
    const text = new RRule(RRule.parseString(rule.trim().toUpperCase())).toText();
    return text.charAt(0).toUpperCase() + text.slice(1);
  } catch {
    return rule;
  }
};
