import { describe, expect, it } from 'vitest';
import {
  addDays,
  instantToZoned,
  isoWeekday,
  localDayBounds,
  minutesOf,
  startOfLocalDay,
  timeOf,
  zonedToInstant,
} from './zoned-time';

const CHICAGO = 'America/Chicago';
const BERLIN = 'Europe/Berlin';
const SYDNEY = 'Australia/Sydney';
const HOUR_MS = 3_600_000;

const iso = (date: string, time: string, timeZone: string): string => zonedToInstant(date, time, timeZone).toISOString();
const dayHours = (date: string, timeZone: string): number => {
  const { start, end } = localDayBounds(date, timeZone);
  return (end.getTime() - start.getTime()) / HOUR_MS;
};

describe('zonedToInstant', () => {
  it('reads wall times with the offset of the day', () => {
    expect(iso('2026-03-07', '09:00', CHICAGO)).toBe('2026-03-07T15:00:00.000Z');
    expect(iso('2026-03-08', '09:00', CHICAGO)).toBe('2026-03-08T14:00:00.000Z');
    expect(iso('2026-03-28', '09:00', BERLIN)).toBe('2026-03-28T08:00:00.000Z');
    expect(iso('2026-03-29', '09:00', BERLIN)).toBe('2026-03-29T07:00:00.000Z');
    expect(iso('2026-01-15', '09:00', SYDNEY)).toBe('2026-01-14T22:00:00.000Z');
    expect(iso('2026-07-15', '09:00', SYDNEY)).toBe('2026-07-14T23:00:00.000Z');
    expect(iso('2026-07-15', '09:00', 'Asia/Kolkata')).toBe('2026-07-15T03:30:00.000Z');
    expect(iso('2026-07-15', '09:00', 'UTC')).toBe('2026-07-15T09:00:00.000Z');
  });

  it('reads a wall time skipped by spring forward with the offset before the gap (America/Chicago)', () => {
    expect(iso('2026-03-08', '01:59', CHICAGO)).toBe('2026-03-08T07:59:00.000Z');
    // 02:00 and 02:30 do not exist: they are 03:00 and 03:30 CDT.
    expect(iso('2026-03-08', '02:00', CHICAGO)).toBe('2026-03-08T08:00:00.000Z');
    expect(iso('2026-03-08', '02:30', CHICAGO)).toBe('2026-03-08T08:30:00.000Z');
    expect(iso('2026-03-08', '03:00', CHICAGO)).toBe('2026-03-08T08:00:00.000Z');
    expect(iso('2026-03-08', '03:30', CHICAGO)).toBe('2026-03-08T08:30:00.000Z');
  });

  it('reads a wall time skipped by spring forward with the offset before the gap (Europe/Berlin)', () => {
    expect(iso('2026-03-29', '01:30', BERLIN)).toBe('2026-03-29T00:30:00.000Z');
    expect(iso('2026-03-29', '02:30', BERLIN)).toBe('2026-03-29T01:30:00.000Z');
    expect(iso('2026-03-29', '03:30', BERLIN)).toBe('2026-03-29T01:30:00.000Z');
  });

  it('reads a wall time repeated by fall back as its first (daylight) occurrence', () => {
    expect(iso('2026-11-01', '00:30', CHICAGO)).toBe('2026-11-01T05:30:00.000Z');
    expect(iso('2026-11-01', '01:00', CHICAGO)).toBe('2026-11-01T06:00:00.000Z');
    expect(iso('2026-11-01', '01:30', CHICAGO)).toBe('2026-11-01T06:30:00.000Z');
    expect(iso('2026-11-01', '02:00', CHICAGO)).toBe('2026-11-01T08:00:00.000Z');
    expect(iso('2026-11-01', '09:00', CHICAGO)).toBe('2026-11-01T15:00:00.000Z');

    expect(iso('2026-10-25', '01:30', BERLIN)).toBe('2026-10-24T23:30:00.000Z');
    expect(iso('2026-10-25', '02:30', BERLIN)).toBe('2026-10-25T00:30:00.000Z');
    expect(iso('2026-10-25', '03:00', BERLIN)).toBe('2026-10-25T02:00:00.000Z');
    expect(iso('2026-10-25', '09:00', BERLIN)).toBe('2026-10-25T08:00:00.000Z');
  });

  it('handles the southern hemisphere, where DST ends in April and starts in October (Australia/Sydney)', () => {
    // 2026-04-05: 03:00 AEDT falls back to 02:00 AEST; 02:30 happens twice.
    expect(iso('2026-04-05', '02:30', SYDNEY)).toBe('2026-04-04T15:30:00.000Z');
    expect(iso('2026-04-05', '03:00', SYDNEY)).toBe('2026-04-04T17:00:00.000Z');
    // 2026-10-04: 02:00 AEST springs forward to 03:00 AEDT; 02:30 is read as 03:30 AEDT.
    expect(iso('2026-10-04', '02:30', SYDNEY)).toBe('2026-10-03T16:30:00.000Z');
    expect(iso('2026-10-04', '03:30', SYDNEY)).toBe('2026-10-03T16:30:00.000Z');
    expect(iso('2026-10-04', '09:00', SYDNEY)).toBe('2026-10-03T22:00:00.000Z');
  });

  it('accepts 24:00 as the end of the day', () => {
    expect(iso('2026-03-07', '24:00', CHICAGO)).toBe(iso('2026-03-08', '00:00', CHICAGO));
  });

  it('refuses unknown zones, impossible dates and times with a RangeError', () => {
    expect(() => zonedToInstant('2026-01-01', '09:00', 'Mars/Olympus_Mons')).toThrow(RangeError);
    expect(() => zonedToInstant('2026-01-01', '09:00', 'Mars/Olympus_Mons')).toThrow('unknown time zone "Mars/Olympus_Mons"');
    expect(() => zonedToInstant('2026-02-30', '09:00', CHICAGO)).toThrow(RangeError);
    expect(() => zonedToInstant('2026-2-3', '09:00', CHICAGO)).toThrow(RangeError);
    expect(() => zonedToInstant('2026-02-03', '9:00', CHICAGO)).toThrow(RangeError);
    expect(() => zonedToInstant('2026-02-03', '24:30', CHICAGO)).toThrow(RangeError);
  });
});

describe('instantToZoned', () => {
  it('gives the local date, time, ISO weekday and minutes since midnight', () => {
    expect(instantToZoned(new Date('2026-03-08T14:00:00Z'), CHICAGO)).toEqual({ date: '2026-03-08', time: '09:00', weekday: 7, minutes: 540 });
    expect(instantToZoned(new Date('2026-03-09T04:59:00Z'), CHICAGO)).toEqual({ date: '2026-03-08', time: '23:59', weekday: 7, minutes: 1439 });
    expect(instantToZoned(new Date('2026-03-09T05:00:00Z'), CHICAGO)).toEqual({ date: '2026-03-09', time: '00:00', weekday: 1, minutes: 0 });
    expect(instantToZoned(new Date('2026-07-14T23:00:00Z'), SYDNEY)).toEqual({ date: '2026-07-15', time: '09:00', weekday: 3, minutes: 540 });
  });

  it('shows both occurrences of a repeated hour as the same wall time', () => {
    expect(instantToZoned(new Date('2026-11-01T06:30:00Z'), CHICAGO).time).toBe('01:30');
    expect(instantToZoned(new Date('2026-11-01T07:30:00Z'), CHICAGO).time).toBe('01:30');
    expect(instantToZoned(new Date('2026-10-25T00:30:00Z'), BERLIN).time).toBe('02:30');
    expect(instantToZoned(new Date('2026-10-25T01:30:00Z'), BERLIN).time).toBe('02:30');
  });

  it('round-trips every quarter hour around the DST changes, except the repeated hour which reads as its first occurrence', () => {
    // [from, zone, quarter hours of a repeated hour within the next 36 hours]
    const changes: [string, string, number][] = [
      ['2026-03-08T00:00:00Z', CHICAGO, 0],
      ['2026-11-01T00:00:00Z', CHICAGO, 4],
      ['2026-03-28T12:00:00Z', BERLIN, 0],
      ['2026-10-24T12:00:00Z', BERLIN, 4],
      ['2026-04-04T00:00:00Z', SYDNEY, 4],
      ['2026-10-03T00:00:00Z', SYDNEY, 0],
    ];
    for (const [from, timeZone, repeated] of changes) {
      let secondOccurrences = 0;
      for (let t = Date.parse(from); t < Date.parse(from) + 36 * HOUR_MS; t += 15 * 60_000) {
        const { date, time } = instantToZoned(new Date(t), timeZone);
        const back = zonedToInstant(date, time, timeZone).getTime();
        if (back !== t) {
          // Only the second pass through a repeated hour, which maps back one hour earlier.
          expect(back).toBe(t - HOUR_MS);
          secondOccurrences++;
        }
      }
      expect(secondOccurrences).toBe(repeated);
    }
  });

  it('refuses an invalid instant', () => {
    expect(() => instantToZoned(new Date(Number.NaN), CHICAGO)).toThrow(RangeError);
  });
});

describe('local days', () => {
  it('are 23 hours on spring forward and 25 on fall back, in both hemispheres', () => {
    expect(dayHours('2026-03-07', CHICAGO)).toBe(24);
    expect(dayHours('2026-03-08', CHICAGO)).toBe(23);
    expect(dayHours('2026-11-01', CHICAGO)).toBe(25);
    expect(dayHours('2026-03-29', BERLIN)).toBe(23);
    expect(dayHours('2026-10-25', BERLIN)).toBe(25);
    expect(dayHours('2026-10-04', SYDNEY)).toBe(23);
    expect(dayHours('2026-04-05', SYDNEY)).toBe(25);
  });

  it('start at local midnight', () => {
    expect(startOfLocalDay('2026-03-08', CHICAGO).toISOString()).toBe('2026-03-08T06:00:00.000Z');
    expect(localDayBounds('2026-03-08', CHICAGO).end.toISOString()).toBe('2026-03-09T05:00:00.000Z');
    expect(startOfLocalDay('2026-10-25', BERLIN).toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(localDayBounds('2026-10-25', BERLIN).end.toISOString()).toBe('2026-10-25T23:00:00.000Z');
  });

  it('start at the first instant of the day when a DST change skips midnight', () => {
    // Chile springs forward at 00:00 → 01:00 (2026-09-06, 04:00 UTC).
    expect(startOfLocalDay('2026-09-06', 'America/Santiago').toISOString()).toBe('2026-09-06T04:00:00.000Z');
    expect(instantToZoned(startOfLocalDay('2026-09-06', 'America/Santiago'), 'America/Santiago').time).toBe('01:00');
  });
});

describe('calendar arithmetic', () => {
  it('adds days across months, years and leap days', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-08', 0)).toBe('2026-03-08');
    expect(addDays('2026-01-01', 365)).toBe('2027-01-01');
  });

  it('numbers weekdays the ISO way', () => {
    expect(isoWeekday('2026-03-08')).toBe(7);
    expect(isoWeekday('2026-03-09')).toBe(1);
    expect(isoWeekday('2026-06-06')).toBe(6);
  });

  it('converts wall times to minutes and back', () => {
    expect(minutesOf('00:00')).toBe(0);
    expect(minutesOf('09:15')).toBe(555);
    expect(minutesOf('23:59')).toBe(1439);
    expect(minutesOf('24:00')).toBe(1440);
    expect(timeOf(555)).toBe('09:15');
    expect(timeOf(0)).toBe('00:00');
    expect(timeOf(1440)).toBe('24:00');
    expect(() => minutesOf('12:60')).toThrow(RangeError);
    expect(() => timeOf(1441)).toThrow(RangeError);
    expect(() => timeOf(1.5)).toThrow(RangeError);
  });
});
