import { describe, expect, it } from 'vitest';
import { findNextAvailable, type FindNextAvailableOptions } from './next-available';
import {
  findCollisions,
  isActiveStatus,
  isWithinWorkingHours,
  overlaps,
  workingIntervals,
  type AppointmentTypeRow,
  type BusyAppointment,
  type HolidayRow,
  type Interval,
  type ScheduleExceptionRow,
  type Slot,
  type WorkingHoursRow,
} from './availability';

const TZ = 'America/Chicago';
const LOC = 'loc-1';
const OTHER_LOC = 'loc-2';
// 2026-06-01 is a Monday; Chicago is on CDT (UTC−5) in June.
const MONDAY = '2026-06-01';

const hours = (overrides: Partial<WorkingHoursRow> & Pick<WorkingHoursRow, 'weekday' | 'startTime' | 'endTime'>): WorkingHoursRow => ({
  id: `wh-${overrides.providerId ?? 'p-1'}-${overrides.weekday}-${overrides.startTime}`,
  providerId: 'p-1',
  locationId: LOC,
  validFrom: null,
  validUntil: null,
  deletedAt: null,
  ...overrides,
});

const exception = (overrides: Partial<ScheduleExceptionRow> & Pick<ScheduleExceptionRow, 'date' | 'kind'>): ScheduleExceptionRow => ({
  id: `ex-${overrides.date}-${overrides.kind}`,
  providerId: 'p-1',
  locationId: LOC,
  startTime: null,
  endTime: null,
  deletedAt: null,
  ...overrides,
});

const holiday = (overrides: Partial<HolidayRow> & Pick<HolidayRow, 'date'>): HolidayRow => ({
  id: `h-${overrides.date}`,
  locationId: null,
  name: 'Holiday',
  deletedAt: null,
  ...overrides,
});

let appointmentSeq = 0;
const appointment = (overrides: Partial<BusyAppointment> & Pick<BusyAppointment, 'startsAt' | 'endsAt'>): BusyAppointment => ({
  id: `a-${++appointmentSeq}`,
  providerId: 'p-1',
  roomId: null,
  status: 'booked',
  ...overrides,
});

const TYPE_30: AppointmentTypeRow = { id: 't-30', durationMinutes: 30, needsRoom: false, bufferBeforeMinutes: 0, bufferAfterMinutes: 0 };

const spans = (intervals: Interval[]): string[] => intervals.map(({ start, end }) => `${start.toISOString()}/${end.toISOString()}`);
const starts = (slots: Slot[]): string[] => slots.map((slot) => slot.startsAt.toISOString());

const intervalsOn = (date: string, rows: { workingHours?: WorkingHoursRow[]; exceptions?: ScheduleExceptionRow[]; holidays?: HolidayRow[] }) =>
  spans(
    workingIntervals({
      providerId: 'p-1',
      locationId: LOC,
      date,
      timeZone: TZ,
      workingHours: rows.workingHours ?? [],
      exceptions: rows.exceptions ?? [],
      holidays: rows.holidays ?? [],
    }),
  );

const MONDAY_SPLIT = [hours({ weekday: 1, startTime: '08:00', endTime: '12:00' }), hours({ weekday: 1, startTime: '13:00', endTime: '17:00' })];

describe('workingIntervals', () => {
  it("gives the weekday's hours as instants", () => {
    expect(intervalsOn(MONDAY, { workingHours: MONDAY_SPLIT })).toEqual([
      '2026-06-01T13:00:00.000Z/2026-06-01T17:00:00.000Z',
      '2026-06-01T18:00:00.000Z/2026-06-01T22:00:00.000Z',
    ]);
    expect(intervalsOn('2026-06-02', { workingHours: MONDAY_SPLIT })).toEqual([]);
  });

  it('ignores other providers, other locations and deleted rows', () => {
    const rows = [
      hours({ weekday: 1, startTime: '06:00', endTime: '07:00', providerId: 'p-2' }),
      hours({ weekday: 1, startTime: '06:00', endTime: '07:00', locationId: OTHER_LOC }),
      hours({ weekday: 1, startTime: '06:00', endTime: '07:00', deletedAt: '2026-05-01T00:00:00Z' }),
      hours({ weekday: 1, startTime: '08:00', endTime: '12:00' }),
    ];
    expect(intervalsOn(MONDAY, { workingHours: rows })).toEqual(['2026-06-01T13:00:00.000Z/2026-06-01T17:00:00.000Z']);
  });

  it('uses hours only within their validity dates (inclusive)', () => {
    const rows = [
      hours({ weekday: 1, startTime: '08:00', endTime: '12:00', validUntil: '2026-06-01' }),
      hours({ weekday: 1, startTime: '10:00', endTime: '14:00', validFrom: '2026-06-08' }),
    ];
    expect(intervalsOn(MONDAY, { workingHours: rows })).toEqual(['2026-06-01T13:00:00.000Z/2026-06-01T17:00:00.000Z']);
    expect(intervalsOn('2026-06-08', { workingHours: rows })).toEqual(['2026-06-08T15:00:00.000Z/2026-06-08T19:00:00.000Z']);
  });

  it('takes out time off, a range or the whole day, here or at every location', () => {
    const lunchOff = exception({ date: MONDAY, kind: 'time_off', startTime: '10:00', endTime: '11:00' });
    expect(intervalsOn(MONDAY, { workingHours: MONDAY_SPLIT, exceptions: [lunchOff] })).toEqual([
      '2026-06-01T13:00:00.000Z/2026-06-01T15:00:00.000Z',
      '2026-06-01T16:00:00.000Z/2026-06-01T17:00:00.000Z',
      '2026-06-01T18:00:00.000Z/2026-06-01T22:00:00.000Z',
    ]);
    const spanningBreak = exception({ date: MONDAY, kind: 'time_off', startTime: '11:00', endTime: '14:00', locationId: null });
    expect(intervalsOn(MONDAY, { workingHours: MONDAY_SPLIT, exceptions: [spanningBreak] })).toEqual([
      '2026-06-01T13:00:00.000Z/2026-06-01T16:00:00.000Z',
      '2026-06-01T19:00:00.000Z/2026-06-01T22:00:00.000Z',
    ]);
    expect(intervalsOn(MONDAY, { workingHours: MONDAY_SPLIT, exceptions: [exception({ date: MONDAY, kind: 'time_off' })] })).toEqual([]);
    // Time off at another location, on another date or deleted changes nothing here.
    const irrelevant = [
      exception({ date: MONDAY, kind: 'time_off', locationId: OTHER_LOC }),
      exception({ date: '2026-06-08', kind: 'time_off' }),
      exception({ date: MONDAY, kind: 'time_off', deletedAt: '2026-05-01T00:00:00Z' }),
      exception({ date: MONDAY, kind: 'time_off', providerId: 'p-2' }),
    ];
    expect(intervalsOn(MONDAY, { workingHours: MONDAY_SPLIT, exceptions: irrelevant })).toHaveLength(2);
  });

  it('adds extra hours, merged with the regular ones they touch, and on days off', () => {
    const extra = exception({ date: MONDAY, kind: 'extra_hours', startTime: '17:00', endTime: '19:00' });
    expect(intervalsOn(MONDAY, { workingHours: MONDAY_SPLIT, exceptions: [extra] })).toEqual([
      '2026-06-01T13:00:00.000Z/2026-06-01T17:00:00.000Z',
      '2026-06-01T18:00:00.000Z/2026-06-02T00:00:00.000Z',
    ]);
    const saturday = exception({ date: '2026-06-06', kind: 'extra_hours', startTime: '09:00', endTime: '12:00' });
    expect(intervalsOn('2026-06-06', { workingHours: MONDAY_SPLIT, exceptions: [saturday] })).toEqual([
      '2026-06-06T14:00:00.000Z/2026-06-06T17:00:00.000Z',
    ]);
    // Time off wins over extra hours on the same day.
    const off = exception({ date: '2026-06-06', kind: 'time_off', startTime: '11:00', endTime: '12:00' });
    expect(intervalsOn('2026-06-06', { exceptions: [saturday, off] })).toEqual(['2026-06-06T14:00:00.000Z/2026-06-06T16:00:00.000Z']);
  });

  it('is empty on a holiday of the location or of the whole practice, extra hours included', () => {
    const extra = exception({ date: MONDAY, kind: 'extra_hours', startTime: '17:00', endTime: '19:00' });
    expect(intervalsOn(MONDAY, { workingHours: MONDAY_SPLIT, exceptions: [extra], holidays: [holiday({ date: MONDAY })] })).toEqual([]);
    expect(intervalsOn(MONDAY, { workingHours: MONDAY_SPLIT, holidays: [holiday({ date: MONDAY, locationId: LOC })] })).toEqual([]);
    expect(intervalsOn(MONDAY, { workingHours: MONDAY_SPLIT, holidays: [holiday({ date: MONDAY, locationId: OTHER_LOC })] })).toHaveLength(2);
    expect(
      intervalsOn(MONDAY, { workingHours: MONDAY_SPLIT, holidays: [holiday({ date: MONDAY, deletedAt: '2026-05-01T00:00:00Z' })] }),
    ).toHaveLength(2);
  });

  it('gives a 08:00–17:00 day its real instants on DST change Sundays', () => {
    const sunday = [hours({ weekday: 7, startTime: '08:00', endTime: '17:00' })];
    expect(intervalsOn('2026-03-01', { workingHours: sunday })).toEqual(['2026-03-01T14:00:00.000Z/2026-03-01T23:00:00.000Z']);
    expect(intervalsOn('2026-03-08', { workingHours: sunday })).toEqual(['2026-03-08T13:00:00.000Z/2026-03-08T22:00:00.000Z']);
    expect(intervalsOn('2026-11-01', { workingHours: sunday })).toEqual(['2026-11-01T14:00:00.000Z/2026-11-01T23:00:00.000Z']);
    // Across the change itself, wall hours are not elapsed hours: 00:00–04:00 is 3 hours, then 5.
    const night = (date: string) => [exception({ date, kind: 'extra_hours', startTime: '00:00', endTime: '04:00' })];
    expect(intervalsOn('2026-03-08', { exceptions: night('2026-03-08') })).toEqual(['2026-03-08T06:00:00.000Z/2026-03-08T09:00:00.000Z']);
    expect(intervalsOn('2026-11-01', { exceptions: night('2026-11-01') })).toEqual(['2026-11-01T05:00:00.000Z/2026-11-01T10:00:00.000Z']);
  });
});

describe('isWithinWorkingHours', () => {
  const base = { providerId: 'p-1', locationId: LOC, timeZone: TZ, workingHours: MONDAY_SPLIT, exceptions: [], holidays: [] };

  it('accepts intervals inside one working interval, touching its ends', () => {
    expect(isWithinWorkingHours({ ...base, start: new Date('2026-06-01T13:00:00Z'), end: new Date('2026-06-01T17:00:00Z') })).toBe(true);
    expect(isWithinWorkingHours({ ...base, start: new Date('2026-06-01T15:00:00Z'), end: new Date('2026-06-01T15:30:00Z') })).toBe(true);
  });

  it('refuses intervals crossing a break or the end of the day, and empty ones', () => {
    expect(isWithinWorkingHours({ ...base, start: new Date('2026-06-01T16:30:00Z'), end: new Date('2026-06-01T18:30:00Z') })).toBe(false);
    expect(isWithinWorkingHours({ ...base, start: new Date('2026-06-01T21:30:00Z'), end: new Date('2026-06-01T22:30:00Z') })).toBe(false);
    expect(isWithinWorkingHours({ ...base, start: new Date('2026-06-02T15:00:00Z'), end: new Date('2026-06-02T15:30:00Z') })).toBe(false);
    expect(isWithinWorkingHours({ ...base, start: new Date('2026-06-01T15:00:00Z'), end: new Date('2026-06-01T15:00:00Z') })).toBe(false);
  });

  it('joins working time across local midnight', () => {
    const lateShift = [
      exception({ date: MONDAY, kind: 'extra_hours', startTime: '22:00', endTime: '24:00' }),
      exception({ date: '2026-06-02', kind: 'extra_hours', startTime: '00:00', endTime: '02:00' }),
    ];
    const args = { ...base, workingHours: [], exceptions: lateShift };
    // 23:30 Monday to 00:30 Tuesday, Chicago.
    expect(isWithinWorkingHours({ ...args, start: new Date('2026-06-02T04:30:00Z'), end: new Date('2026-06-02T05:30:00Z') })).toBe(true);
    expect(isWithinWorkingHours({ ...args, start: new Date('2026-06-02T04:30:00Z'), end: new Date('2026-06-02T07:30:00Z') })).toBe(false);
  });
});

describe('overlaps', () => {
  const interval = (start: string, end: string): Interval => ({ start: new Date(start), end: new Date(end) });

  it('is half-open: touching is not overlapping', () => {
    expect(overlaps(interval('2026-06-01T09:00Z', '2026-06-01T10:00Z'), interval('2026-06-01T10:00Z', '2026-06-01T11:00Z'))).toBe(false);
    expect(overlaps(interval('2026-06-01T09:00Z', '2026-06-01T10:01Z'), interval('2026-06-01T10:00Z', '2026-06-01T11:00Z'))).toBe(true);
    expect(overlaps(interval('2026-06-01T09:00Z', '2026-06-01T12:00Z'), interval('2026-06-01T10:00Z', '2026-06-01T11:00Z'))).toBe(true);
    expect(overlaps(interval('2026-06-01T10:30Z', '2026-06-01T10:30Z'), interval('2026-06-01T10:00Z', '2026-06-01T11:00Z'))).toBe(false);
  });
});

describe('isActiveStatus', () => {
  it('counts every status but cancelled and no-show', () => {
    expect(['booked', 'confirmed', 'checked_in', 'in_room', 'completed'].every(isActiveStatus)).toBe(true);
    expect(isActiveStatus('cancelled')).toBe(false);
    expect(isActiveStatus('no_show')).toBe(false);
  });
});

describe('findCollisions', () => {
  const candidate = {
    id: 'a-moving',
    providerId: 'p-1',
    roomId: 'r-1',
    startsAt: new Date('2026-06-01T15:00:00Z'),
    endsAt: new Date('2026-06-01T16:00:00Z'),
  };

  it("finds the provider's and the room's active overlapping appointments", () => {
    const sameProvider = appointment({ id: 'p1-late', startsAt: '2026-06-01T15:30:00Z', endsAt: '2026-06-01T16:30:00Z' });
    const sameRoom = appointment({ id: 'r1-early', providerId: 'p-2', roomId: 'r-1', startsAt: '2026-06-01T14:30:00Z', endsAt: '2026-06-01T15:15:00Z' });
    const both = appointment({ id: 'both', roomId: 'r-1', startsAt: '2026-06-01T15:10:00Z', endsAt: '2026-06-01T15:20:00Z' });
    const result = findCollisions({ candidate, appointments: [sameProvider, sameRoom, both] });
    expect(result.provider.map((a) => a.id)).toEqual(['both', 'p1-late']);
    expect(result.room.map((a) => a.id)).toEqual(['r1-early', 'both']);
  });

  it('ignores touching, cancelled, no-show, other providers and rooms, buffers, and the candidate itself', () => {
    const appointments = [
      appointment({ startsAt: '2026-06-01T14:00:00Z', endsAt: '2026-06-01T15:00:00Z', bufferAfterMinutes: 30 }),
      appointment({ startsAt: '2026-06-01T16:00:00Z', endsAt: '2026-06-01T17:00:00Z', bufferBeforeMinutes: 30 }),
      appointment({ startsAt: '2026-06-01T15:00:00Z', endsAt: '2026-06-01T16:00:00Z', status: 'cancelled' }),
      appointment({ startsAt: '2026-06-01T15:00:00Z', endsAt: '2026-06-01T16:00:00Z', status: 'no_show' }),
      appointment({ providerId: 'p-2', roomId: 'r-2', startsAt: '2026-06-01T15:00:00Z', endsAt: '2026-06-01T16:00:00Z' }),
      appointment({ id: 'a-moving', startsAt: '2026-06-01T15:00:00Z', endsAt: '2026-06-01T16:00:00Z' }),
    ];
    expect(findCollisions({ candidate, appointments })).toEqual({ provider: [], room: [] });
  });

  it('does not match appointments without a room to a candidate without one', () => {
    const appointments = [appointment({ providerId: 'p-2', startsAt: '2026-06-01T15:00:00Z', endsAt: '2026-06-01T16:00:00Z' })];
    expect(findCollisions({ candidate: { ...candidate, roomId: null }, appointments })).toEqual({ provider: [], room: [] });
  });
});

describe('findNextAvailable', () => {
  const MORNINGS = [1, 2, 3, 4, 5].map((weekday) => hours({ weekday, startTime: '09:00', endTime: '12:00' }));
  const options = (overrides: Partial<FindNextAvailableOptions> = {}): FindNextAvailableOptions => ({
    // Midnight, Monday 2026-06-01, Chicago.
    from: new Date('2026-06-01T05:00:00Z'),
    days: 60,
    providerIds: ['p-1'],
    locationId: LOC,
    timeZone: TZ,
    type: TYPE_30,
    rooms: [],
    workingHours: MORNINGS,
    exceptions: [],
    holidays: [],
    appointments: [],
    ...overrides,
  });

  it('gives the first slots of the working day on steps of 15 minutes', () => {
    const slots = findNextAvailable(options());
    expect(starts(slots)).toEqual([
      '2026-06-01T14:00:00.000Z',
      '2026-06-01T14:15:00.000Z',
      '2026-06-01T14:30:00.000Z',
      '2026-06-01T14:45:00.000Z',
      '2026-06-01T15:00:00.000Z',
    ]);
    expect(slots[0]).toEqual({
      providerId: 'p-1',
      roomId: null,
      locationId: LOC,
      startsAt: new Date('2026-06-01T14:00:00Z'),
      endsAt: new Date('2026-06-01T14:30:00Z'),
    });
  });

  it('never starts before `from`, rounding up to the next step', () => {
    expect(starts(findNextAvailable(options({ from: new Date('2026-06-01T14:07:00Z'), limit: 1 })))).toEqual(['2026-06-01T14:15:00.000Z']);
    // After the last slot of the day (11:30 local): the next working day.
    expect(starts(findNextAvailable(options({ from: new Date('2026-06-01T16:31:00Z'), limit: 1 })))).toEqual(['2026-06-02T14:00:00.000Z']);
  });

  it("skips the provider's active appointments, at any location, and not cancelled ones", () => {
    const appointments = [
      appointment({ startsAt: '2026-06-01T14:00:00Z', endsAt: '2026-06-01T15:00:00Z' }),
      appointment({ startsAt: '2026-06-01T15:15:00Z', endsAt: '2026-06-01T15:45:00Z', status: 'cancelled' }),
      appointment({ startsAt: '2026-06-01T15:45:00Z', endsAt: '2026-06-01T16:00:00Z', roomId: 'room-elsewhere' }),
      appointment({ providerId: 'p-2', startsAt: '2026-06-01T14:00:00Z', endsAt: '2026-06-01T17:00:00Z' }),
    ];
    expect(starts(findNextAvailable(options({ appointments, limit: 4 })))).toEqual([
      '2026-06-01T15:00:00.000Z',
      '2026-06-01T15:15:00.000Z',
      '2026-06-01T16:00:00.000Z',
      '2026-06-01T16:15:00.000Z',
    ]);
  });

  it('keeps the type buffers inside working time and clear of other appointments and their buffers', () => {
    const type: AppointmentTypeRow = { ...TYPE_30, bufferBeforeMinutes: 10, bufferAfterMinutes: 5 };
    // 09:10 is the earliest start with 10 minutes before it: the next step is 09:15. The last: 11:15 (ends 11:45, buffer to 11:50).
    const free = findNextAvailable(options({ type, limit: 20 })).filter((slot) => slot.startsAt < new Date('2026-06-02T00:00:00Z'));
    expect(starts(free)[0]).toBe('2026-06-01T14:15:00.000Z');
    expect(starts(free).at(-1)).toBe('2026-06-01T16:15:00.000Z');
    expect(free).toHaveLength(9);

    // Busy 09:30–10:00 plus its 15-minute buffer after: 10:15 + our 10 minutes before → 10:25 → 10:30.
    // Before it, our slot must end (with 5 minutes after) by 09:30, less its own 5 minutes before: none fits.
    const appointments = [appointment({ startsAt: '2026-06-01T14:30:00Z', endsAt: '2026-06-01T15:00:00Z', bufferBeforeMinutes: 5, bufferAfterMinutes: 15 })];
    expect(starts(findNextAvailable(options({ type, appointments, limit: 2 })))).toEqual(['2026-06-01T15:30:00.000Z', '2026-06-01T15:45:00.000Z']);
  });

  it("keeps the type's own buffers clear of other appointments", () => {
    const type: AppointmentTypeRow = { ...TYPE_30, bufferBeforeMinutes: 10, bufferAfterMinutes: 15 };
    // Busy 10:00–10:30 local, no buffers of its own.
    const appointments = [appointment({ startsAt: '2026-06-01T15:00:00Z', endsAt: '2026-06-01T15:30:00Z' })];
    // 09:15–09:45 (+15 touches 10:00); 09:30 would run into it with its buffer after; 10:30 starts
    // within 10 minutes of its end; then 10:45, 11:00, and 11:15 (buffer to 12:00).
    expect(starts(findNextAvailable(options({ type, appointments, limit: 4 })))).toEqual([
      '2026-06-01T14:15:00.000Z',
      '2026-06-01T15:45:00.000Z',
      '2026-06-01T16:00:00.000Z',
      '2026-06-01T16:15:00.000Z',
    ]);
  });

  it('gives the first free room of the location, in the given order, and waits when every room is busy', () => {
    const type: AppointmentTypeRow = { ...TYPE_30, needsRoom: true };
    const rooms = [
      { id: 'r-far', locationId: OTHER_LOC },
      { id: 'r-1', locationId: LOC },
      { id: 'r-2', locationId: LOC },
    ];
    const r1Busy = appointment({ providerId: 'p-9', roomId: 'r-1', startsAt: '2026-06-01T14:00:00Z', endsAt: '2026-06-01T15:00:00Z' });
    const r2Busy = appointment({ providerId: 'p-8', roomId: 'r-2', startsAt: '2026-06-01T14:00:00Z', endsAt: '2026-06-01T15:20:00Z' });

    const one = findNextAvailable(options({ type, rooms, appointments: [r1Busy], limit: 1 }));
    expect(one.map((slot) => [slot.startsAt.toISOString(), slot.roomId])).toEqual([['2026-06-01T14:00:00.000Z', 'r-2']]);

    const both = findNextAvailable(options({ type, rooms, appointments: [r1Busy, r2Busy], limit: 2 }));
    expect(both.map((slot) => [slot.startsAt.toISOString(), slot.roomId])).toEqual([
      ['2026-06-01T15:00:00.000Z', 'r-1'],
      ['2026-06-01T15:15:00.000Z', 'r-1'],
    ]);

    expect(findNextAvailable(options({ type, rooms: [{ id: 'r-far', locationId: OTHER_LOC }] }))).toEqual([]);
  });

  it('keeps slots within the time of day asked for', () => {
    const slots = findNextAvailable(options({ timeOfDay: { start: '10:30', end: '11:30' }, limit: 4 }));
    expect(starts(slots)).toEqual([
      '2026-06-01T15:30:00.000Z',
      '2026-06-01T15:45:00.000Z',
      '2026-06-01T16:00:00.000Z',
      '2026-06-02T15:30:00.000Z',
    ]);
  });

  it('finds slots at the right instants on the spring-forward Sunday', () => {
    const type: AppointmentTypeRow = { ...TYPE_30, durationMinutes: 60 };
    const sunday = [hours({ weekday: 7, startTime: '08:00', endTime: '17:00' })];
    // Midnight Sunday 2026-03-08 (CST): the day is 23 hours long, the working day still 9.
    const slots = findNextAvailable(
      options({ from: new Date('2026-03-08T06:00:00Z'), type, workingHours: sunday, stepMinutes: 60, limit: 10, days: 1 }),
    );
    expect(starts(slots)).toEqual([
      '2026-03-08T13:00:00.000Z',
      '2026-03-08T14:00:00.000Z',
      '2026-03-08T15:00:00.000Z',
      '2026-03-08T16:00:00.000Z',
      '2026-03-08T17:00:00.000Z',
      '2026-03-08T18:00:00.000Z',
      '2026-03-08T19:00:00.000Z',
      '2026-03-08T20:00:00.000Z',
      '2026-03-08T21:00:00.000Z',
    ]);
  });

  it('steps on local wall-clock quarters in a half-hour zone', () => {
    const slots = findNextAvailable(options({ timeZone: 'Asia/Kolkata', from: new Date('2026-05-31T18:30:00Z'), limit: 2 }));
    // 09:00 and 09:15 IST (UTC+5:30).
    expect(starts(slots)).toEqual(['2026-06-01T03:30:00.000Z', '2026-06-01T03:45:00.000Z']);
  });

  it('steps from local midnight across a DST change inside working time', () => {
    const night = [exception({ date: '2026-11-01', kind: 'extra_hours', startTime: '00:00', endTime: '04:00' })];
    const type: AppointmentTypeRow = { ...TYPE_30, durationMinutes: 60 };
    const slots = findNextAvailable(
      options({ from: new Date('2026-11-01T05:10:00Z'), workingHours: [], exceptions: night, type, stepMinutes: 60, limit: 10, days: 1 }),
    );
    // 01:00 CDT, 01:00 CST (the repeated hour), 02:00 CST, 03:00 CST.
    expect(starts(slots)).toEqual(['2026-11-01T06:00:00.000Z', '2026-11-01T07:00:00.000Z', '2026-11-01T08:00:00.000Z', '2026-11-01T09:00:00.000Z']);
  });

  it('frees the time of the appointment being rescheduled', () => {
    const appointments = [appointment({ id: 'a-moving', roomId: 'r-1', startsAt: '2026-06-01T14:00:00Z', endsAt: '2026-06-01T14:30:00Z' })];
    expect(starts(findNextAvailable(options({ appointments, limit: 1 })))).toEqual(['2026-06-01T14:30:00.000Z']);
    expect(starts(findNextAvailable(options({ appointments, limit: 1, excludeAppointmentId: 'a-moving' })))).toEqual(['2026-06-01T14:00:00.000Z']);
    const type: AppointmentTypeRow = { ...TYPE_30, needsRoom: true };
    const rooms = [{ id: 'r-1', locationId: LOC }];
    const others = [appointment({ id: 'a-moving', providerId: 'p-2', roomId: 'r-1', startsAt: '2026-06-01T14:00:00Z', endsAt: '2026-06-01T14:30:00Z' })];
    const moved = findNextAvailable(options({ type, rooms, appointments: others, limit: 1, excludeAppointmentId: 'a-moving' }));
    expect(moved.map((slot) => [slot.startsAt.toISOString(), slot.roomId])).toEqual([['2026-06-01T14:00:00.000Z', 'r-1']]);
  });

  it('orders by start, then by the order of providerIds, up to the limit', () => {
    const workingHours = [
      ...MORNINGS,
      hours({ providerId: 'p-2', weekday: 1, startTime: '09:15', endTime: '12:00' }),
      hours({ providerId: 'p-3', weekday: 1, startTime: '08:00', endTime: '12:00', locationId: OTHER_LOC }),
    ];
    const slots = findNextAvailable(options({ providerIds: ['p-2', 'p-1', 'p-3'], workingHours, limit: 5 }));
    expect(slots.map((slot) => `${slot.startsAt.toISOString()} ${slot.providerId}`)).toEqual([
      '2026-06-01T14:00:00.000Z p-1',
      '2026-06-01T14:15:00.000Z p-2',
      '2026-06-01T14:15:00.000Z p-1',
      '2026-06-01T14:30:00.000Z p-2',
      '2026-06-01T14:30:00.000Z p-1',
    ]);
  });

  it('gives fewer slots, or none, when the horizon ends first', () => {
    // From Saturday 2026-06-06: Monday is the third day.
    const saturday = new Date('2026-06-06T05:00:00Z');
    expect(findNextAvailable(options({ from: saturday, days: 2 }))).toEqual([]);
    expect(starts(findNextAvailable(options({ from: saturday, days: 3, limit: 1 })))).toEqual(['2026-06-08T14:00:00.000Z']);
    // Only a 30-minute gap on the last day of the horizon.
    const appointments = [appointment({ startsAt: '2026-06-08T14:30:00Z', endsAt: '2026-06-08T17:00:00Z' })];
    expect(starts(findNextAvailable(options({ from: saturday, days: 3, appointments })))).toEqual(['2026-06-08T14:00:00.000Z']);
  });

  it('skips holidays and days off', () => {
    const slots = findNextAvailable(
      options({
        holidays: [holiday({ date: MONDAY, locationId: LOC })],
        exceptions: [exception({ date: '2026-06-02', kind: 'time_off' })],
        limit: 1,
      }),
    );
    expect(starts(slots)).toEqual(['2026-06-03T14:00:00.000Z']);
  });

  it('jumps through a year of back-to-back appointments among 100,000', () => {
    const allDay = [1, 2, 3, 4, 5, 6, 7].map((weekday) => hours({ weekday, startTime: '00:00', endTime: '24:00' }));
    const appointments: BusyAppointment[] = [];
    const first = Date.parse('2026-06-01T05:00:00Z');
    const fiveMinutes = 5 * 60_000;
    for (let i = 0; i < 100_000; i++) {
      const start = first + i * fiveMinutes;
      appointments.push({
        id: `bulk-${i}`,
        // Every other one belongs to another provider and takes its room: neither may hide p-1's.
        providerId: i % 2 === 0 ? 'p-1' : 'p-2',
        roomId: i % 2 === 0 ? null : 'r-1',
        startsAt: new Date(start).toISOString(),
        endsAt: new Date(start + fiveMinutes).toISOString(),
        status: 'booked',
      });
    }
    // p-1 is busy every other 5 minutes: no 30-minute gap until the appointments end.
    const lastEnd = first + 100_000 * fiveMinutes;
    const slots = findNextAvailable(options({ workingHours: allDay, appointments, days: 400, limit: 1 }));
    expect(slots[0]?.startsAt.getTime()).toBe(lastEnd - fiveMinutes);
    const withRoom = findNextAvailable(
      options({ workingHours: allDay, appointments, days: 400, limit: 1, type: { ...TYPE_30, needsRoom: true }, rooms: [{ id: 'r-1', locationId: LOC }] }),
    );
    // With the room busy in the gaps, the first slot is after the last appointment, on the next quarter.
    expect(withRoom[0]?.startsAt.getTime()).toBe(lastEnd + 2 * fiveMinutes);
  });
});
