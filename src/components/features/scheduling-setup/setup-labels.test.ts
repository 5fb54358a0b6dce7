import { describe, expect, it } from 'vitest';

import {
  addressLine,
  buffersLabel,
  exceptionKindLabel,
  exceptionTimeLabel,
  localDateOf,
  locationName,
  minutesLabel,
  splitPast,
  validityLabel,
  weekdayLabel,
  WEEKDAYS,
} from './setup-labels';

describe('set-up labels', () => {
  it('numbers weekdays as ISO does, Monday first', () => {
    expect(WEEKDAYS.map((day) => day.value)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(weekdayLabel(1)).toBe('Monday');
    expect(weekdayLabel(7)).toBe('Sunday');
    expect(weekdayLabel(8)).toBe('Day 8');
  });

  it('says when a rota applies', () => {
    expect(validityLabel(null, null)).toBe('Every week');
    expect(validityLabel('2026-09-01', null)).toBe('From 2026-09-01');
    expect(validityLabel(null, '2026-08-31')).toBe('Until 2026-08-31');
    expect(validityLabel('2026-09-01', '2026-12-31')).toBe('2026-09-01 to 2026-12-31');
    expect(validityLabel('2026-09-01', '2026-09-01')).toBe('On 2026-09-01 only');
  });

  it('words exceptions', () => {
    expect(exceptionTimeLabel(null, null)).toBe('Whole day');
    expect(exceptionTimeLabel('13:00', '17:30')).toBe('13:00–17:30');
    expect(exceptionKindLabel('time_off')).toBe('Time off');
    expect(exceptionKindLabel('extra_hours')).toBe('Extra hours');
  });

  it('words durations and buffers', () => {
    expect(minutesLabel(45)).toBe('45 min');
    expect(minutesLabel(60)).toBe('1 h');
    expect(minutesLabel(90)).toBe('1 h 30 min');
    expect(buffersLabel(0, 0)).toBe('None');
    expect(buffersLabel(5, 0)).toBe('5 min before');
    expect(buffersLabel(0, 10)).toBe('10 min after');
    expect(buffersLabel(15, 10)).toBe('15 min before, 10 min after');
  });

  it('names locations, null being all of them', () => {
    const names = new Map([['a', 'Downtown']]);
    expect(locationName(names, 'a')).toBe('Downtown');
    expect(locationName(names, null)).toBe('All locations');
    expect(locationName(names, 'b')).toBe('Unknown location');
  });

  it('joins the filled-in parts of an address', () => {
    expect(addressLine(['1 Main St', null, ' ', 'Springfield', undefined, '62701'])).toBe('1 Main St, Springfield, 62701');
    expect(addressLine([null, null])).toBe('');
  });

  it("dates by the device's calendar and hides past rows unless asked", () => {
    expect(localDateOf(new Date(2026, 0, 5, 23, 30))).toBe('2026-01-05');
    expect(localDateOf(new Date(2026, 11, 31, 0, 1))).toBe('2026-12-31');
    const rows = [{ date: '2026-05-01' }, { date: '2026-05-02' }, { date: '2026-05-03' }];
    expect(splitPast(rows, '2026-05-02', false)).toEqual({ shown: [{ date: '2026-05-02' }, { date: '2026-05-03' }], hidden: 1 });
    expect(splitPast(rows, '2026-05-02', true)).toEqual({ shown: rows, hidden: 0 });
  });
});
