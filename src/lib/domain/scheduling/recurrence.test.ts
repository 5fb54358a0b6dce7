import { describe, expect, it } from 'vitest';
import {
  countSeriesOccurrences,
  describeRule,
  expandSeries,
  MAX_SERIES_OCCURRENCES,
  truncateRuleBefore,
  ZRecurrenceRule,
} from './recurrence';
import { instantToZoned } from './zoned-time';

const CHICAGO = 'America/Chicago';
const BERLIN = 'Europe/Berlin';

const problem = (rule: string): string | undefined => {
  const result = ZRecurrenceRule.safeParse(rule);
  return result.success ? undefined : result.error.issues[0]?.message;
};

const startsOf = (occurrences: { startsAt: Date }[]): string[] => occurrences.map((o) => o.startsAt.toISOString());
const datesOf = (occurrences: { occurrenceDate: string }[]): string[] => occurrences.map((o) => o.occurrenceDate);

describe('expandSeries', () => {
  it('keeps a weekly 09:00 series at 09:00 local across both DST changes (America/Chicago)', () => {
    const occurrences = expandSeries({
      rule: 'FREQ=WEEKLY;UNTIL=20261130',
      startDate: '2026-03-02',
      startTime: '09:00',
      durationMinutes: 30,
      timeZone: CHICAGO,
    });
    expect(occurrences).toHaveLength(40);
    expect(occurrences.every((o) => instantToZoned(o.startsAt, CHICAGO).time === '09:00')).toBe(true);
    const byDate = new Map(occurrences.map((o) => [o.occurrenceDate, o.startsAt.toISOString()]));
    expect(byDate.get('2026-03-02')).toBe('2026-03-02T15:00:00.000Z');
    expect(byDate.get('2026-03-09')).toBe('2026-03-09T14:00:00.000Z');
    expect(byDate.get('2026-10-26')).toBe('2026-10-26T14:00:00.000Z');
    expect(byDate.get('2026-11-02')).toBe('2026-11-02T15:00:00.000Z');
    expect(occurrences[0]?.endsAt.toISOString()).toBe('2026-03-02T15:30:00.000Z');
  });

  it('keeps a weekly 09:00 series at 09:00 local across both DST changes (Europe/Berlin)', () => {
    const occurrences = expandSeries({
      rule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=32',
      startDate: '2026-03-23',
      startTime: '09:00',
      durationMinutes: 45,
      timeZone: BERLIN,
    });
    expect(occurrences).toHaveLength(32);
    expect(startsOf(occurrences.slice(0, 2))).toEqual(['2026-03-23T08:00:00.000Z', '2026-03-30T07:00:00.000Z']);
    const byDate = new Map(occurrences.map((o) => [o.occurrenceDate, o.startsAt.toISOString()]));
    expect(byDate.get('2026-10-19')).toBe('2026-10-19T07:00:00.000Z');
    expect(byDate.get('2026-10-26')).toBe('2026-10-26T08:00:00.000Z');
    expect(occurrences.every((o) => instantToZoned(o.startsAt, BERLIN).time === '09:00')).toBe(true);
    expect(occurrences.every((o) => o.endsAt.getTime() - o.startsAt.getTime() === 45 * 60_000)).toBe(true);
  });

  it('expands several weekdays with COUNT', () => {
    const occurrences = expandSeries({
      rule: 'FREQ=WEEKLY;BYDAY=MO,WE;COUNT=5',
      startDate: '2026-06-01',
      startTime: '14:30',
      durationMinutes: 30,
      timeZone: CHICAGO,
    });
    expect(datesOf(occurrences)).toEqual(['2026-06-01', '2026-06-03', '2026-06-08', '2026-06-10', '2026-06-15']);
    expect(occurrences[0]?.startsAt.toISOString()).toBe('2026-06-01T19:30:00.000Z');
  });

  it('skips months without a 31st, as RFC 5545 requires', () => {
    const occurrences = expandSeries({
      rule: 'FREQ=MONTHLY;BYMONTHDAY=31;COUNT=5',
      startDate: '2026-01-31',
      startTime: '10:00',
      durationMinutes: 30,
      timeZone: CHICAGO,
    });
    expect(datesOf(occurrences)).toEqual(['2026-01-31', '2026-03-31', '2026-05-31', '2026-07-31', '2026-08-31']);
    expect(occurrences[1]?.startsAt.toISOString()).toBe('2026-03-31T15:00:00.000Z');
  });

  it('takes exception dates out; they still count towards COUNT', () => {
    const occurrences = expandSeries({
      rule: 'FREQ=WEEKLY;COUNT=4',
      startDate: '2026-06-01',
      startTime: '09:00',
      durationMinutes: 30,
      timeZone: CHICAGO,
      exceptionDates: ['2026-06-08', '2026-07-06'],
    });
    expect(datesOf(occurrences)).toEqual(['2026-06-01', '2026-06-15', '2026-06-22']);
  });

  it('includes the whole UNTIL date, and compares a UTC UNTIL as an instant', () => {
    const expand = (rule: string) =>
      datesOf(expandSeries({ rule, startDate: '2026-03-02', startTime: '09:00', durationMinutes: 30, timeZone: CHICAGO }));
    expect(expand('FREQ=WEEKLY;UNTIL=20260323')).toEqual(['2026-03-02', '2026-03-09', '2026-03-16', '2026-03-23']);
    expect(expand('FREQ=WEEKLY;UNTIL=20260322')).toEqual(['2026-03-02', '2026-03-09', '2026-03-16']);
    // 09:00 CDT on 2026-03-23 is 14:00 UTC.
    expect(expand('FREQ=WEEKLY;UNTIL=20260323T140000Z')).toHaveLength(4);
    expect(expand('FREQ=WEEKLY;UNTIL=20260323T135959Z')).toHaveLength(3);
    expect(expand('FREQ=WEEKLY;UNTIL=20260323T085959')).toHaveLength(3);
  });

  it('keeps only occurrences on or after fromDate', () => {
    const occurrences = expandSeries({
      rule: 'FREQ=DAILY;COUNT=10',
      startDate: '2026-06-01',
      startTime: '09:00',
      durationMinutes: 30,
      timeZone: CHICAGO,
      fromDate: '2026-06-08',
    });
    expect(datesOf(occurrences)).toEqual(['2026-06-08', '2026-06-09', '2026-06-10']);
  });

  it(`stops at ${MAX_SERIES_OCCURRENCES} occurrences`, () => {
    const series = { rule: 'FREQ=DAILY;UNTIL=20300101', startDate: '2026-06-01', startTime: '09:00', timeZone: CHICAGO };
    const occurrences = expandSeries({ ...series, durationMinutes: 30 });
    expect(occurrences).toHaveLength(MAX_SERIES_OCCURRENCES);
    expect(occurrences.at(-1)?.occurrenceDate).toBe('2026-09-12');
    expect(countSeriesOccurrences(series)).toBe(MAX_SERIES_OCCURRENCES + 1);
    expect(countSeriesOccurrences({ ...series, rule: 'FREQ=WEEKLY;UNTIL=20260630' })).toBe(5);
  });

  it('reads a skipped wall time as RFC 5545 does', () => {
    const occurrences = expandSeries({
      rule: 'FREQ=DAILY;COUNT=3',
      startDate: '2026-03-07',
      startTime: '02:30',
      durationMinutes: 30,
      timeZone: CHICAGO,
    });
    // 02:30 does not exist on 2026-03-08: 03:30 CDT.
    expect(startsOf(occurrences)).toEqual(['2026-03-07T08:30:00.000Z', '2026-03-08T08:30:00.000Z', '2026-03-09T07:30:00.000Z']);
  });

  it('refuses invalid rules and durations with a RangeError', () => {
    const base = { startDate: '2026-06-01', startTime: '09:00', durationMinutes: 30, timeZone: CHICAGO };
    expect(() => expandSeries({ ...base, rule: 'FREQ=WEEKLY' })).toThrow(RangeError);
    expect(() => expandSeries({ ...base, rule: 'FREQ=WEEKLY;COUNT=3', durationMinutes: 0 })).toThrow(RangeError);
    expect(() => expandSeries({ ...base, rule: 'FREQ=WEEKLY;COUNT=3', timeZone: 'Nowhere/Land' })).toThrow(RangeError);
  });
});

describe('truncateRuleBefore', () => {
  it('ends the rule the day before, floating end of day, keeping the other parts', () => {
    expect(truncateRuleBefore('FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10', '2026-03-16')).toBe('FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20260315T235959');
    expect(truncateRuleBefore('FREQ=MONTHLY;UNTIL=20271231;BYMONTHDAY=15', '2026-03-01')).toBe('FREQ=MONTHLY;UNTIL=20260228T235959;BYMONTHDAY=15');
  });

  it('keeps an UNTIL that is already earlier', () => {
    expect(truncateRuleBefore('FREQ=WEEKLY;UNTIL=20260301', '2026-06-01')).toBe('FREQ=WEEKLY;UNTIL=20260301');
  });

  it('gives a valid rule whose occurrences all precede the date', () => {
    const truncated = truncateRuleBefore('FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10', '2026-03-16');
    expect(ZRecurrenceRule.safeParse(truncated).success).toBe(true);
    const occurrences = expandSeries({ rule: truncated, startDate: '2026-03-02', startTime: '09:00', durationMinutes: 30, timeZone: CHICAGO });
    expect(datesOf(occurrences)).toEqual(['2026-03-02', '2026-03-04', '2026-03-09', '2026-03-11']);
  });
});

describe('ZRecurrenceRule', () => {
  it('accepts series rules, normalized to upper case', () => {
    expect(ZRecurrenceRule.parse('FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10')).toBe('FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10');
    expect(ZRecurrenceRule.parse(' freq=daily;count=5 ')).toBe('FREQ=DAILY;COUNT=5');
    for (const rule of [
      'FREQ=DAILY;INTERVAL=2;COUNT=104',
      'FREQ=MONTHLY;BYDAY=2TU;UNTIL=20271231',
      'FREQ=MONTHLY;BYDAY=-1FR;COUNT=12',
      'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=6',
      'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;COUNT=3',
      'FREQ=WEEKLY;UNTIL=20261231T235959Z;WKST=SU',
      'FREQ=WEEKLY;UNTIL=20261231T235959',
    ]) {
      expect(problem(rule), rule).toBeUndefined();
    }
  });

  it('refuses rules that are not a series rule, with messages for people', () => {
    expect(problem('')).toBe('required');
    expect(problem('RRULE:FREQ=WEEKLY;COUNT=3')).toBe('enter the rule alone, without RRULE:, DTSTART or EXDATE');
    expect(problem('DTSTART=20260101;FREQ=WEEKLY;COUNT=3')).toBe('enter the rule alone, without RRULE:, DTSTART or EXDATE');
    expect(problem('every monday')).toBe('expected parts such as FREQ=WEEKLY;BYDAY=MO;COUNT=10');
    expect(problem('FREQ=WEEKLY;;COUNT=3')).toBe('expected parts such as FREQ=WEEKLY;BYDAY=MO;COUNT=10');
    expect(problem('COUNT=3')).toBe('FREQ is required');
    expect(problem('FREQ=HOURLY;COUNT=3')).toBe('repeat daily, weekly, monthly or yearly');
    expect(problem('FREQ=WEEKLY')).toBe('the series must end: give COUNT or UNTIL');
    expect(problem('FREQ=WEEKLY;COUNT=3;UNTIL=20261231')).toBe('give COUNT or UNTIL, not both');
    expect(problem('FREQ=WEEKLY;COUNT=105')).toBe('COUNT must be from 1 to 104');
    expect(problem('FREQ=WEEKLY;COUNT=0')).toBe('COUNT must be from 1 to 104');
    expect(problem('FREQ=WEEKLY;COUNT=abc')).toBe('COUNT must be from 1 to 104');
    expect(problem('FREQ=WEEKLY;UNTIL=2026-12-31')).toBe('UNTIL must be a date such as 20261231');
    expect(problem('FREQ=WEEKLY;UNTIL=20260231')).toBe('UNTIL must be a date such as 20261231');
    expect(problem('FREQ=WEEKLY;COUNT=3;INTERVAL=0')).toBe('INTERVAL must be a whole number from 1 to 999');
    expect(problem('FREQ=WEEKLY;BYDAY=XX;COUNT=3')).toBe('BYDAY must list days such as MO,WE');
    expect(problem('FREQ=WEEKLY;BYDAY=2TU;COUNT=3')).toBe('days such as 2TU or -1FR need FREQ=MONTHLY or YEARLY');
    expect(problem('FREQ=MONTHLY;BYDAY=6TU;COUNT=3')).toBe('no month or year has 6TU');
    expect(problem('FREQ=WEEKLY;BYMONTHDAY=3;COUNT=3')).toBe('BYMONTHDAY does not go with FREQ=WEEKLY');
    expect(problem('FREQ=MONTHLY;BYMONTHDAY=32;COUNT=3')).toBe('BYMONTHDAY must be days of the month such as 1,15 or -1');
    expect(problem('FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30;COUNT=3')).toBe('none of these months has that day');
    expect(problem('FREQ=DAILY;BYHOUR=9;COUNT=3')).toBe('the time of day comes from the start time: remove BYHOUR, BYMINUTE and BYSECOND');
    expect(problem('FREQ=WEEKLY;FOO=1;COUNT=3')).toBe('unknown rule part FOO');
    expect(problem('FREQ=WEEKLY;COUNT=3;COUNT=4')).toBe('COUNT is given twice');
    expect(problem('FREQ=MONTHLY;BYSETPOS=1;COUNT=3')).toBe('BYSETPOS needs another BY… part to pick from');
    expect(problem('FREQ=WEEKLY;BYDAY=MO;BYSETPOS=3;COUNT=3')).toBe('BYSETPOS needs FREQ=MONTHLY or YEARLY');
  });
});

describe('describeRule', () => {
  it('describes a rule in English', () => {
    expect(describeRule('FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10')).toBe('Every week on Monday, Wednesday for 10 times');
    expect(describeRule('FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20261231')).toBe('Every month on the last Friday until December 31, 2026');
    expect(describeRule('FREQ=DAILY;INTERVAL=2;COUNT=3')).toBe('Every 2 days for 3 times');
  });

  it('gives back what it cannot read', () => {
    expect(describeRule('not a rule')).toBe('not a rule');
  });
});
