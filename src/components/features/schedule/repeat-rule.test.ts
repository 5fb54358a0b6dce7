import { describe, expect, it } from 'vitest';

import { MAX_SERIES_OCCURRENCES, ZRecurrenceRule } from '@/lib/domain/scheduling/recurrence';

import {
  checkRepeat,
  followStartDate,
  fromRule,
  listDates,
  noRepeat,
  occurrenceSpan,
  previewLine,
  remainingRule,
  repeatPreview,
  seriesOccurrences,
  seriesProblems,
  summarizeRepeat,
  toRule,
  weekdayOf,
  type RepeatModel,
} from './repeat-rule';
import type { LocalAppointment, SchedulingSetup } from './schedule-types';

// 2026-12-07 is a Monday.
const MONDAY = '2026-12-07';
const ZONE = 'America/Chicago';
const weekly = (patch: Partial<RepeatModel> = {}): RepeatModel => ({ frequency: 'weekly', interval: 1, weekdays: ['MO'], ends: { kind: 'count', count: 10 }, ...patch });

describe('toRule', () => {
  it('says nothing for "Does not repeat"', () => {
    expect(toRule(noRepeat(MONDAY))).toBeNull();
  });

  it('writes daily, weekly and monthly rules that the series schema accepts', () => {
    const rules = [
      toRule({ frequency: 'daily', interval: 1, weekdays: [], ends: { kind: 'count', count: 5 } }),
      toRule(weekly({ interval: 2, weekdays: ['WE', 'MO'] })),
      toRule({ frequency: 'monthly', interval: 3, weekdays: ['MO'], ends: { kind: 'until', date: '2027-12-31' } }),
    ];
    expect(rules).toEqual(['FREQ=DAILY;COUNT=5', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;COUNT=10', 'FREQ=MONTHLY;INTERVAL=3;UNTIL=20271231']);
    for (const rule of rules) {
      expect(ZRecurrenceRule.safeParse(rule).success).toBe(true);
    }
  });
});

describe('fromRule', () => {
  it('reads back what toRule writes', () => {
    const models: RepeatModel[] = [
      weekly({ interval: 2, weekdays: ['MO', 'FR'] }),
      { frequency: 'daily', interval: 3, weekdays: ['MO'], ends: { kind: 'until', date: '2027-01-31' } },
      { frequency: 'monthly', interval: 1, weekdays: ['MO'], ends: { kind: 'count', count: 12 } },
    ];
    for (const model of models) {
      expect(fromRule(toRule(model) ?? '', MONDAY)).toEqual(model);
    }
  });

  it('takes the start date’s weekday for a weekly rule without days, and reads an end-of-day UNTIL as its date', () => {
    expect(fromRule('freq=weekly;until=20261231T235959', '2026-12-09')).toEqual({ frequency: 'weekly', interval: 1, weekdays: ['WE'], ends: { kind: 'until', date: '2026-12-31' } });
  });

  it('answers null for rules the model cannot say', () => {
    for (const rule of ['FREQ=YEARLY;COUNT=3', 'FREQ=MONTHLY;BYDAY=2TU;COUNT=6', 'FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;COUNT=5', 'FREQ=MONTHLY;BYMONTHDAY=1,15;COUNT=6', 'FREQ=WEEKLY;WKST=SU;INTERVAL=2;COUNT=4', 'FREQ=WEEKLY', 'not a rule']) {
      expect(fromRule(rule, MONDAY)).toBeNull();
    }
  });
});

describe('checkRepeat', () => {
  const start = { startDate: MONDAY, startTime: '09:00', timeZone: ZONE };

  it('gives the rule and the number of appointments', () => {
    expect(checkRepeat(weekly(), start)).toEqual({ rule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=10', errors: {}, total: 10 });
    expect(checkRepeat(noRepeat(MONDAY), start)).toEqual({ rule: null, errors: {}, total: null });
  });

  it('puts each problem under its control', () => {
    expect(checkRepeat(weekly({ interval: 0, weekdays: [], ends: { kind: 'count', count: 105 } }), start).errors).toEqual({
      interval: 'Enter a whole number from 1 to 99',
      weekdays: 'Choose at least one day',
      count: `Enter a number of times from 1 to ${MAX_SERIES_OCCURRENCES}`,
    });
    expect(checkRepeat(weekly({ interval: Number.NaN }), start).errors.interval).toBeDefined();
    expect(checkRepeat(weekly({ ends: { kind: 'until', date: '2026-12-01' } }), start).errors.until).toMatch(/on or after the first appointment \(7 Dec 2026\)/);
    expect(checkRepeat(weekly({ ends: { kind: 'until', date: '' } }), start).errors.until).toMatch(/Enter the last date/);
  });

  it('refuses an end date that gives more than the limit, and one that gives none', () => {
    const tooLong = checkRepeat({ frequency: 'daily', interval: 1, weekdays: [], ends: { kind: 'until', date: '2027-12-31' } }, start);
    expect(tooLong.rule).toBeNull();
    expect(tooLong.total).toBe(MAX_SERIES_OCCURRENCES + 1);
    expect(tooLong.errors.until).toMatch(/at most 104 appointments/);
    // Fridays only, ending on the Tuesday after the start: none.
    expect(checkRepeat(weekly({ weekdays: ['FR'], ends: { kind: 'until', date: '2026-12-08' } }), start).errors.until).toMatch(/No appointment/);
    // Exactly the limit is fine.
    expect(checkRepeat(weekly({ ends: { kind: 'count', count: MAX_SERIES_OCCURRENCES } }), start).total).toBe(MAX_SERIES_OCCURRENCES);
  });
});

describe('weekdays and the start date', () => {
  it('defaults to the start date’s weekday and follows it while untouched', () => {
    expect(weekdayOf('2026-12-13')).toBe('SU');
    expect(weekdayOf('not a date')).toBeNull();
    const model = { ...noRepeat(MONDAY), frequency: 'weekly' as const };
    expect(model.weekdays).toEqual(['MO']);
    expect(followStartDate(model, MONDAY, '2026-12-10').weekdays).toEqual(['TH']);
    const chosen = { ...model, weekdays: ['MO' as const, 'WE' as const] };
    expect(followStartDate(chosen, MONDAY, '2026-12-10')).toBe(chosen);
  });
});

describe('preview', () => {
  it('lists the first dates, the last and the count, in the location’s zone', () => {
    const rule = 'FREQ=WEEKLY;BYDAY=MO;COUNT=10';
    const occurrences = seriesOccurrences({ rule, startDate: MONDAY, startTime: '09:00', durationMinutes: 30, timeZone: ZONE }) ?? [];
    expect(occurrences[0]?.startsAt.toISOString()).toBe('2026-12-07T15:00:00.000Z');
    const preview = repeatPreview(rule, occurrences);
    expect(preview).toEqual({ first: ['2026-12-07', '2026-12-14', '2026-12-21'], last: '2027-02-08', total: 10, description: 'Every week on Monday for 10 times' });
    expect(previewLine(summarizeRepeat(weekly(), MONDAY), preview)).toBe('Weekly on Monday, 10 times: 7 Dec, 14 Dec, 21 Dec, … 8 Feb 2027 (10 appointments)');
  });

  it('summarizes in plain words', () => {
    expect(summarizeRepeat(weekly({ interval: 2, weekdays: ['FR', 'MO', 'WE'], ends: { kind: 'until', date: '2027-03-31' } }), MONDAY)).toBe(
      'Every 2 weeks on Monday, Wednesday and Friday, until 31 Mar 2027',
    );
    expect(summarizeRepeat({ frequency: 'monthly', interval: 1, weekdays: [], ends: { kind: 'count', count: 1 } }, '2026-12-31')).toBe('Monthly on day 31, 1 time');
    expect(summarizeRepeat({ frequency: 'daily', interval: 3, weekdays: [], ends: { kind: 'count', count: 4 } }, MONDAY)).toBe('Every 3 days, 4 times');
  });

  it('answers null while a field cannot make a series', () => {
    expect(seriesOccurrences({ rule: 'FREQ=WEEKLY;COUNT=2', startDate: '2026-12-', startTime: '09:00', durationMinutes: 30, timeZone: ZONE })).toBeNull();
    expect(seriesOccurrences({ rule: 'FREQ=WEEKLY;COUNT=2', startDate: MONDAY, startTime: '09:00', durationMinutes: Number.NaN, timeZone: ZONE })).toBeNull();
  });

  it('names dates in a message', () => {
    expect(listDates(['2026-12-14'])).toBe('14 Dec');
    expect(listDates(['2026-12-14', '2027-01-04'])).toBe('14 Dec and 4 Jan 2027');
    expect(listDates(['2026-12-01', '2026-12-02', '2026-12-03'], 2)).toBe('1 Dec, 2 Dec and 1 more');
  });
});

describe('remainingRule', () => {
  const series = { startDate: '2026-11-02', startTime: '09:00', timeZone: ZONE };

  it('counts what is left of a COUNT rule from the edited occurrence', () => {
    expect(remainingRule({ ...series, rule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=8' }, '2026-11-30')).toBe('FREQ=WEEKLY;BYDAY=MO;COUNT=4');
    expect(remainingRule({ ...series, rule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=8' }, '2026-12-21')).toBe('FREQ=WEEKLY;BYDAY=MO;COUNT=1');
  });

  it('keeps an UNTIL rule', () => {
    expect(remainingRule({ ...series, rule: 'FREQ=WEEKLY;UNTIL=20261231' }, '2026-11-30')).toBe('FREQ=WEEKLY;UNTIL=20261231');
  });
});

describe('seriesProblems', () => {
  const ids = { provider: 'p1', location: 'l1', room: 'r1' };
  const setup: SchedulingSetup = {
    locations: [],
    rooms: [],
    providers: [],
    types: [],
    // Mondays 08:00–12:00 only.
    workingHours: [{ id: 'w1', practiceId: 'x', providerId: ids.provider, locationId: ids.location, weekday: 1, startTime: '08:00', endTime: '12:00', validFrom: null, validUntil: null }] as unknown as SchedulingSetup['workingHours'],
    exceptions: [],
    holidays: [],
  };
  const appointment = (id: string, startsAt: string, endsAt: string, patch: Partial<LocalAppointment> = {}): LocalAppointment => ({
    id,
    practiceId: 'x',
    patientId: 'pt',
    providerId: ids.provider,
    locationId: ids.location,
    roomId: null,
    typeId: 't',
    startsAt,
    endsAt,
    status: 'booked',
    cancelReason: null,
    notes: null,
    outOfHoursReason: null,
    seriesId: null,
    occurrenceDate: null,
    detached: false,
    checkedInAt: null,
    inRoomAt: null,
    completedAt: null,
    version: 1,
    ...patch,
  });

  it('names the dates taken by others (not by the series’ own occurrences) and those outside hours', () => {
    const occurrences = seriesOccurrences({ rule: 'FREQ=WEEKLY;BYDAY=MO,TU;COUNT=4', startDate: MONDAY, startTime: '09:00', durationMinutes: 30, timeZone: ZONE }) ?? [];
    const appointments = [
      appointment('a', '2026-12-14T15:15:00.000Z', '2026-12-14T15:45:00.000Z'),
      appointment('b', '2026-12-08T15:00:00.000Z', '2026-12-08T15:30:00.000Z', { status: 'cancelled' }),
      appointment('c', '2026-12-15T15:00:00.000Z', '2026-12-15T15:30:00.000Z', { seriesId: 's1' }),
    ];
    const problems = seriesProblems({ setup, appointments, occurrences, slot: { providerId: ids.provider, roomId: null, locationId: ids.location }, timeZone: ZONE, ignoreSeriesId: 's1' });
    expect(problems.taken).toEqual(['2026-12-14']);
    expect(problems.outsideHours).toEqual(['2026-12-08', '2026-12-15']);
    expect(occurrenceSpan(occurrences)).toEqual({ from: new Date('2026-12-07T15:00:00.000Z'), to: new Date('2026-12-15T15:30:00.000Z') });
    expect(occurrenceSpan([])).toBeNull();
  });
});
