import { describe, expect, it } from 'vitest';
import { compareWaitlist, inTimeOfDay, matchWaitlist, waitingEntries, waitlistFor, type FreedSlot, type WaitlistEntryRow, type WaitlistTypeRow } from './waitlist-matches';

const TZ = 'America/Chicago';
const types: WaitlistTypeRow[] = [
  { id: 'consult', durationMinutes: 30, needsRoom: false },
  { id: 'long', durationMinutes: 90, needsRoom: false },
  { id: 'procedure', durationMinutes: 60, needsRoom: true },
];

let sequence = 0;
const entry = (overrides: Partial<WaitlistEntryRow> = {}): WaitlistEntryRow => {
  sequence += 1;
  return {
    id: `e-${String(sequence).padStart(3, '0')}`,
    patientId: `patient-${sequence}`,
    typeId: 'consult',
    providerId: null,
    locationId: null,
    earliestDate: '2026-12-01',
    latestDate: null,
    timeOfDay: 'any',
    note: null,
    status: 'waiting',
    appointmentId: null,
    createdAt: `2026-11-${String(10 + (sequence % 15)).padStart(2, '0')}T12:00:00.000Z`,
    deletedAt: null,
    ...overrides,
  };
};

// Tuesday 2026-12-08 in Chicago (UTC−6): 15:00Z is 09:00 local.
const slot = (overrides: Partial<FreedSlot> = {}): FreedSlot => ({
  providerId: 'p-1',
  locationId: 'loc-1',
  roomId: null,
  startsAt: new Date('2026-12-08T15:00:00.000Z'),
  endsAt: new Date('2026-12-08T16:00:00.000Z'),
  ...overrides,
});

const ids = (rows: readonly WaitlistEntryRow[]) => rows.map((row) => row.id);

describe('matchWaitlist', () => {
  it('offers only waiting, live entries', () => {
    const waiting = entry();
    const rows = [waiting, entry({ status: 'booked', appointmentId: 'a-1' }), entry({ status: 'removed' }), entry({ deletedAt: '2026-11-30T00:00:00.000Z' })];
    expect(ids(matchWaitlist({ slot: slot(), timeZone: TZ, entries: rows, types }))).toEqual([waiting.id]);
  });

  it('orders by who has waited longest, then by the earliest wanted date, and stops at the limit', () => {
    const newest = entry({ createdAt: '2026-11-20T09:00:00.000Z' });
    const oldest = entry({ createdAt: '2026-11-01T09:00:00.000Z' });
    const sameTimeLater = entry({ createdAt: '2026-11-05T09:00:00.000Z', earliestDate: '2026-12-05' });
    const sameTimeEarlier = entry({ createdAt: '2026-11-05T09:00:00.000Z', earliestDate: '2026-12-02' });
    const rows = [newest, oldest, sameTimeLater, sameTimeEarlier];
    expect(ids(matchWaitlist({ slot: slot(), timeZone: TZ, entries: rows, types }))).toEqual([oldest.id, sameTimeEarlier.id, sameTimeLater.id]);
    expect(ids(matchWaitlist({ slot: slot(), timeZone: TZ, entries: rows, types, limit: 10 }))).toHaveLength(4);
    expect(matchWaitlist({ slot: slot(), timeZone: TZ, entries: rows, types, limit: 0 })).toEqual([]);
  });

  it('treats a missing provider or location as any, and otherwise wants the slot’s own', () => {
    const anyone = entry();
    const mine = entry({ providerId: 'p-1', locationId: 'loc-1' });
    const otherProvider = entry({ providerId: 'p-2' });
    const otherLocation = entry({ locationId: 'loc-2' });
    const rows = [anyone, mine, otherProvider, otherLocation];
    expect(ids(matchWaitlist({ slot: slot(), timeZone: TZ, entries: rows, types, limit: 10 })).sort()).toEqual([anyone.id, mine.id].sort());
  });

  it('needs the type to fit in the slot, and a room for a type that needs one', () => {
    const consult = entry({ typeId: 'consult' });
    const tooLong = entry({ typeId: 'long' });
    const procedure = entry({ typeId: 'procedure' });
    const unknownType = entry({ typeId: 'retired' });
    const rows = [consult, tooLong, procedure, unknownType];
    // A 60-minute slot without a room: the consultation only.
    expect(ids(matchWaitlist({ slot: slot(), timeZone: TZ, entries: rows, types, limit: 10 }))).toEqual([consult.id]);
    // With a room, the procedure fits exactly (60 ≤ 60).
    expect(ids(matchWaitlist({ slot: slot({ roomId: 'room-1' }), timeZone: TZ, entries: rows, types, limit: 10 })).sort()).toEqual([consult.id, procedure.id].sort());
    // A 30-minute slot: the consultation fits exactly.
    expect(ids(matchWaitlist({ slot: slot({ endsAt: new Date('2026-12-08T15:30:00.000Z') }), timeZone: TZ, entries: rows, types, limit: 10 }))).toEqual([consult.id]);
  });

  it('reads the date window on the clinic’s calendar, both ends included', () => {
    // 23:30 on Monday the 7th in Chicago is already the 8th in UTC.
    const lateMonday = slot({ startsAt: new Date('2026-12-08T05:30:00.000Z'), endsAt: new Date('2026-12-08T06:00:00.000Z') });
    const untilMonday = entry({ latestDate: '2026-12-07' });
    const fromTuesday = entry({ earliestDate: '2026-12-08' });
    const onlyMonday = entry({ earliestDate: '2026-12-07', latestDate: '2026-12-07' });
    const rows = [untilMonday, fromTuesday, onlyMonday];
    expect(ids(matchWaitlist({ slot: lateMonday, timeZone: TZ, entries: rows, types, limit: 10 })).sort()).toEqual([untilMonday.id, onlyMonday.id].sort());
    expect(ids(matchWaitlist({ slot: slot(), timeZone: TZ, entries: rows, types, limit: 10 }))).toEqual([fromTuesday.id]);
  });

  it('keeps the booked time inside the entry’s time of day, in the location’s zone', () => {
    const morning = entry({ timeOfDay: 'morning' });
    const afternoon = entry({ timeOfDay: 'afternoon' });
    const evening = entry({ timeOfDay: 'evening' });
    const rows = [morning, afternoon, evening];
    // 09:00–10:00 Chicago.
    expect(ids(matchWaitlist({ slot: slot(), timeZone: TZ, entries: rows, types, limit: 10 }))).toEqual([morning.id]);
    // The same instants are 16:00–17:00 in Berlin: the afternoon.
    expect(ids(matchWaitlist({ slot: slot(), timeZone: 'Europe/Berlin', entries: rows, types, limit: 10 }))).toEqual([afternoon.id]);
    // 11:45–12:45 Chicago: a 30-minute consultation would run 11:45–12:15, past the morning.
    const straddling = slot({ startsAt: new Date('2026-12-08T17:45:00.000Z'), endsAt: new Date('2026-12-08T18:45:00.000Z') });
    expect(matchWaitlist({ slot: straddling, timeZone: TZ, entries: rows, types, limit: 10 })).toEqual([]);
    // 11:30–12:30 Chicago: the consultation (11:30–12:00) is still the morning.
    const lateMorning = slot({ startsAt: new Date('2026-12-08T17:30:00.000Z'), endsAt: new Date('2026-12-08T18:30:00.000Z') });
    expect(ids(matchWaitlist({ slot: lateMorning, timeZone: TZ, entries: rows, types, limit: 10 }))).toEqual([morning.id]);
  });

  it('does not offer the slot back to the patient who gave it up, nor a slot with no length', () => {
    const leaving = entry({ patientId: 'patient-x' });
    const other = entry();
    expect(ids(matchWaitlist({ slot: slot(), timeZone: TZ, entries: [leaving, other], types, excludePatientId: 'patient-x' }))).toEqual([other.id]);
    expect(matchWaitlist({ slot: slot({ endsAt: new Date('2026-12-08T15:00:00.000Z') }), timeZone: TZ, entries: [other], types })).toEqual([]);
  });
});

describe('inTimeOfDay', () => {
  it('follows the wall clock across a DST change', () => {
    // 2026-03-08 is spring-forward in Chicago: 07:00 CDT is 12:00Z, 12:00 CDT is 17:00Z.
    expect(inTimeOfDay('morning', new Date('2026-03-08T12:00:00.000Z'), new Date('2026-03-08T17:00:00.000Z'), TZ)).toBe(true);
    expect(inTimeOfDay('morning', new Date('2026-03-08T11:45:00.000Z'), new Date('2026-03-08T12:15:00.000Z'), TZ)).toBe(false);
    expect(inTimeOfDay('any', new Date('2026-03-08T03:00:00.000Z'), new Date('2026-03-08T04:00:00.000Z'), TZ)).toBe(true);
  });
});

describe('waitlist order and day filter', () => {
  it('sorts waiting entries longest-waiting first and filters by the date window', () => {
    const a = entry({ createdAt: '2026-11-02T00:00:00.000Z', earliestDate: '2026-12-10' });
    const b = entry({ createdAt: '2026-11-01T00:00:00.000Z', earliestDate: '2026-12-01', latestDate: '2026-12-05' });
    const gone = entry({ createdAt: '2026-10-01T00:00:00.000Z', status: 'removed' });
    expect(ids(waitingEntries([a, gone, b]))).toEqual([b.id, a.id]);
    expect(ids(waitlistFor([a, b, gone], '2026-12-03'))).toEqual([b.id]);
    expect(ids(waitlistFor([a, b, gone], '2026-12-12'))).toEqual([a.id]);
    expect(compareWaitlist(a, a)).toBe(0);
  });
});
