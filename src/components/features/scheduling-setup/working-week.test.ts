import { uuidv7 } from 'uuidv7';
import { describe, expect, it } from 'vitest';

import type { LocalWorkingHours } from '@/lib/local/scheduling-setup-query';

import {
  copyRanges,
  nextRange,
  groupWorkingHours,
  removalArgs,
  sortWeeks,
  weekFormValues,
  weekKey,
  weekSummary,
  workingWeekSaves,
  workingWeekSchema,
  type WorkingWeekForm,
} from './working-week';

const PRACTICE = uuidv7();
const ANN = uuidv7();
const BOB = uuidv7();
const DOWNTOWN = uuidv7();
const NORTH = uuidv7();

const hours = (providerId: string, locationId: string, weekday: number, startTime: string, endTime: string, validFrom: string | null = null): LocalWorkingHours => ({
  practiceId: PRACTICE,
  id: uuidv7(),
  providerId,
  locationId,
  weekday,
  startTime,
  endTime,
  validFrom,
  validUntil: null,
  version: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  createdBy: null,
  updatedBy: null,
  deletedAt: null,
});

const ANN_WEEK = [hours(ANN, DOWNTOWN, 1, '13:00', '17:00'), hours(ANN, DOWNTOWN, 1, '08:00', '12:00'), hours(ANN, DOWNTOWN, 3, '09:00', '17:00')];

const check = (values: WorkingWeekForm, others: ReadonlySet<string> = new Set()) => {
  const result = workingWeekSchema(PRACTICE, others).safeParse(values);
  return Object.fromEntries((result.error?.issues ?? []).map((issue) => [issue.path.join('.'), issue.message]));
};

describe('working hours as weekly grids', () => {
  it('groups rows by provider, location and period, each day by start time', () => {
    const later = hours(ANN, DOWNTOWN, 2, '10:00', '14:00', '2026-09-01');
    const weeks = groupWorkingHours([...ANN_WEEK, later, hours(BOB, NORTH, 5, '09:00', '12:00')]);
    expect(weeks.map((week) => [week.providerId, week.locationId, week.validFrom, week.rows.length])).toEqual([
      [ANN, DOWNTOWN, null, 3],
      [ANN, DOWNTOWN, '2026-09-01', 1],
      [BOB, NORTH, null, 1],
    ]);
    const [first] = weeks;
    expect(first?.days[0]?.map((row) => row.startTime)).toEqual(['08:00', '13:00']);
    expect(first === undefined ? [] : weekSummary(first)).toEqual([
      { day: 'Monday', short: 'Mon', hours: '08:00–12:00, 13:00–17:00' },
      { day: 'Wednesday', short: 'Wed', hours: '09:00–17:00' },
    ]);
  });

  it('sorts weeks by provider and location name, the open-ended rota first', () => {
    const weeks = groupWorkingHours([hours(BOB, NORTH, 1, '09:00', '10:00'), hours(ANN, NORTH, 1, '09:00', '10:00', '2026-09-01'), hours(ANN, NORTH, 1, '09:00', '10:00'), hours(ANN, DOWNTOWN, 1, '09:00', '10:00')]);
    const providers = new Map([[ANN, 'Dr Ann'], [BOB, 'Dr Bob']]);
    const locations = new Map([[DOWNTOWN, 'Downtown'], [NORTH, 'North']]);
    expect(sortWeeks(weeks, providers, locations).map((w) => `${providers.get(w.providerId)} ${locations.get(w.locationId)} ${w.validFrom ?? '-'}`)).toEqual([
      'Dr Ann Downtown -',
      'Dr Ann North -',
      'Dr Ann North 2026-09-01',
      'Dr Bob North -',
    ]);
  });

  it('starts a new grid Monday to Friday 9 to 5, and an existing one as it is', () => {
    const blank = weekFormValues(null, uuidv7, { providerId: ANN, locationId: DOWNTOWN });
    expect(blank.days.map((day) => day.ranges.length)).toEqual([1, 1, 1, 1, 1, 0, 0]);
    expect(blank.days[0]?.ranges[0]).toMatchObject({ startTime: '09:00', endTime: '17:00' });
    expect(new Set(blank.days.flatMap((day) => day.ranges.map((range) => range.rowId))).size).toBe(5);
    expect(check(blank)).toEqual({});
    const [week] = groupWorkingHours(ANN_WEEK);
    const values = weekFormValues(week ?? null, uuidv7);
    expect(values.providerId).toBe(ANN);
    expect(values.days[0]?.ranges.map((range) => range.startTime)).toEqual(['08:00', '13:00']);
    expect(values.validFrom).toBe('');
  });

  it('checks each range with the working-hours schema and puts the message on its field', () => {
    const values = weekFormValues(null, uuidv7, { providerId: ANN, locationId: DOWNTOWN });
    values.days[0] = { ranges: [{ rowId: uuidv7(), startTime: '12:00', endTime: '09:00' }] };
    values.days[1] = { ranges: [{ rowId: uuidv7(), startTime: '9am', endTime: '17:00' }] };
    expect(check(values)).toEqual({
      'days.0.ranges.0.endTime': 'must end after it starts',
      'days.1.ranges.0.startTime': 'expected a time such as 09:30',
    });
  });

  it('refuses overlapping ranges on a day, but not back-to-back ones', () => {
    const values = weekFormValues(null, uuidv7, { providerId: ANN, locationId: DOWNTOWN });
    values.days[0] = { ranges: [{ rowId: uuidv7(), startTime: '13:00', endTime: '17:00' }, { rowId: uuidv7(), startTime: '08:00', endTime: '13:30' }] };
    values.days[1] = { ranges: [{ rowId: uuidv7(), startTime: '08:00', endTime: '12:00' }, { rowId: uuidv7(), startTime: '12:00', endTime: '17:00' }] };
    expect(check(values)).toEqual({ 'days.0.ranges.0.startTime': 'overlaps the hours before it' });
  });

  it('checks the week: provider, location, period, at least one range, not a copy of another week', () => {
    const values = weekFormValues(null, uuidv7);
    values.validFrom = '2026-09-01';
    values.validUntil = '2026-08-01';
    expect(check(values)).toEqual({ providerId: 'expected a UUID', locationId: 'expected a UUID', validUntil: 'must not end before it starts' });
    values.providerId = ANN;
    values.locationId = DOWNTOWN;
    expect(check(values)).toEqual({ validUntil: 'must not end before it starts' });
    values.validFrom = '2026-02-30';
    expect(check(values)).toEqual({ validFrom: 'not a calendar date' });
    values.validFrom = '2026-09-01';
    values.validUntil = '';
    values.days = values.days.map(() => ({ ranges: [] }));
    expect(Object.keys(check(values))).toEqual(['days']);
    const full = weekFormValues(null, uuidv7, { providerId: ANN, locationId: DOWNTOWN });
    const taken = new Set([weekKey({ providerId: ANN, locationId: DOWNTOWN, validFrom: null, validUntil: null })]);
    expect(Object.keys(check(full, taken))).toEqual(['providerId']);
  });

  it('adds a day its next range after the last one', () => {
    const id = () => 'n';
    expect(nextRange([], id)).toEqual({ rowId: 'n', startTime: '09:00', endTime: '17:00' });
    expect(nextRange([{ rowId: 'a', startTime: '13:00', endTime: '17:00' }, { rowId: 'b', startTime: '08:00', endTime: '12:00' }], id)).toEqual({ rowId: 'n', startTime: '17:00', endTime: '18:00' });
    expect(nextRange([{ rowId: 'a', startTime: '20:00', endTime: '23:30' }], id)).toEqual({ rowId: 'n', startTime: '23:30', endTime: '23:59' });
    expect(nextRange([{ rowId: 'a', startTime: '08:00', endTime: '' }], id)).toEqual({ rowId: 'n', startTime: '09:00', endTime: '17:00' });
  });

  it('copies a day as new ranges, each with an id of its own', () => {
    let next = 0;
    const copied = copyRanges(
      [
        { rowId: 'x', startTime: '08:00', endTime: '12:00' },
        { rowId: 'y', startTime: '13:00', endTime: '16:00' },
      ],
      () => `new-${(next += 1)}`,
    );
    expect(copied).toEqual([
      { rowId: 'new-1', startTime: '08:00', endTime: '12:00' },
      { rowId: 'new-2', startTime: '13:00', endTime: '16:00' },
    ]);
  });

  it('saves what changed, creates what is new, removes what was taken out, and leaves the rest alone', () => {
    const [week] = groupWorkingHours(ANN_WEEK);
    const values = weekFormValues(week ?? null, uuidv7);
    const [monMorning, monAfternoon] = values.days[0]?.ranges ?? [];
    if (monMorning === undefined || monAfternoon === undefined) {
      throw new Error('Monday has two ranges');
    }
    // Monday afternoon ends earlier; Wednesday is taken out; Friday morning is new.
    values.days[0] = { ranges: [monMorning, { ...monAfternoon, endTime: '16:00' }] };
    values.days[2] = { ranges: [] };
    values.days[4] = { ranges: [{ rowId: 'new-id', startTime: '08:00', endTime: '12:00' }] };
    const saves = workingWeekSaves(PRACTICE, week ?? null, values);
    expect(saves.map((save) => [save.path, save.args.weekday, save.args.startTime, save.args.endTime, save.args.removed])).toEqual([
      ['days.0.ranges.1', 1, '13:00', '16:00', false],
      ['days.4.ranges.0', 5, '08:00', '12:00', false],
      [null, 3, '09:00', '17:00', true],
    ]);
    expect(saves[0]?.args.id).toBe(monAfternoon.rowId);
    // Saving the same grid again (after a failure part way) repeats the same rows, never copies.
    expect(workingWeekSaves(PRACTICE, week ?? null, values).map((save) => save.args.id)).toEqual(saves.map((save) => save.args.id));
    expect(saves[1]?.args.id).toBe('new-id');
  });

  it('moves every range when the period changes, and removes a row with its own fields', () => {
    const [week] = groupWorkingHours(ANN_WEEK);
    const values = { ...weekFormValues(week ?? null, uuidv7), validFrom: '2026-09-01' };
    const saves = workingWeekSaves(PRACTICE, week ?? null, values);
    expect(saves).toHaveLength(3);
    expect(saves.every((save) => save.args.validFrom === '2026-09-01' && !save.args.removed)).toBe(true);
    const [row] = ANN_WEEK;
    expect(row === undefined ? null : removalArgs(PRACTICE, row)).toEqual({
      practiceId: PRACTICE,
      id: row?.id,
      providerId: ANN,
      locationId: DOWNTOWN,
      weekday: 1,
      startTime: '13:00',
      endTime: '17:00',
      validFrom: null,
      validUntil: null,
      removed: true,
    });
  });
});
