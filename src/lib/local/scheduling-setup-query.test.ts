import { afterEach, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { openNodeSqliteStore } from '@/lib/sync/client/sqlite/node-sqlite';
import type { TSyncedTable } from '@/lib/sync/protocol/tables';
import { SETUP_TABLES, setupRowsStatement, toSetupRows, type SetupTable } from './scheduling-setup-query';

/*
 * The scheduling set-up lists against a real device database (the wa-sqlite build and schema the
 * browser uses, in memory): each table's order, tombstones left out, another practice's rows never
 * read, retired rows after active ones.
 */

type Store = Awaited<ReturnType<typeof openNodeSqliteStore>>;
let store: Store | undefined;

afterEach(async () => {
  await store?.close();
  store = undefined;
});

const PRACTICE = uuidv7();
const OTHER = uuidv7();
const PROVIDER_A = uuidv7();
const PROVIDER_B = uuidv7();
const LOCATION = uuidv7();

const sync = { version: 1, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', createdBy: null, updatedBy: null, deletedAt: null };

const row = (practiceId: string, fields: Record<string, unknown>) => ({ id: uuidv7(), practiceId, ...sync, ...fields });

const put = async (table: TSyncedTable, rows: Record<string, unknown>[]) => {
  store ??= await openNodeSqliteStore();
  await store.transaction(async (tx) => {
    for (const value of rows) {
      await tx.putRow(table, value as Parameters<typeof tx.putRow>[1]);
    }
  });
};

const list = async <T extends SetupTable>(table: T, practiceId = PRACTICE) => {
  store ??= await openNodeSqliteStore();
  const { sql, params } = setupRowsStatement(table, practiceId);
  return toSetupRows(table, await store.connection.all<{ data: string }>(sql, params));
};

describe('scheduling set-up lists on the device', () => {
  it('lists locations by name, any case, without tombstones or other practices', async () => {
    await put('locations', [
      row(PRACTICE, { name: 'north clinic', timeZone: 'America/Chicago', country: 'US' }),
      row(PRACTICE, { name: 'Downtown', timeZone: 'America/Chicago', country: 'US' }),
      row(PRACTICE, { name: 'Closed', timeZone: 'UTC', country: 'US', deletedAt: '2026-02-01T00:00:00.000Z' }),
      row(OTHER, { name: 'Elsewhere', timeZone: 'UTC', country: 'US' }),
    ]);
    expect((await list('locations')).map((location) => location.name)).toEqual(['Downtown', 'north clinic']);
    expect((await list('locations', OTHER)).map((location) => location.name)).toEqual(['Elsewhere']);
  });

  it('lists active rooms, providers and types before retired ones, each by name', async () => {
    await put('rooms', [
      row(PRACTICE, { locationId: LOCATION, name: 'Room 2', active: true }),
      row(PRACTICE, { locationId: LOCATION, name: 'Annex', active: false }),
      row(PRACTICE, { locationId: LOCATION, name: 'room 1', active: true }),
    ]);
    await put('providers', [
      row(PRACTICE, { userId: uuidv7(), displayName: 'Dr Zed', colour: '#2563eb', active: true }),
      row(PRACTICE, { userId: uuidv7(), displayName: 'Dr Able', colour: '#0f766e', active: false }),
      row(PRACTICE, { userId: uuidv7(), displayName: 'Dr Moss', colour: '#be185d', active: true }),
    ]);
    await put('appointment_types', [
      row(PRACTICE, { name: 'New patient', durationMinutes: 45, colour: '#2563eb', needsRoom: true, bufferBeforeMinutes: 0, bufferAfterMinutes: 5, active: true }),
      row(PRACTICE, { name: 'Follow-up', durationMinutes: 15, colour: '#2563eb', needsRoom: true, bufferBeforeMinutes: 0, bufferAfterMinutes: 0, active: true }),
    ]);
    expect((await list('rooms')).map((room) => `${room.name}:${room.active}`)).toEqual(['room 1:true', 'Room 2:true', 'Annex:false']);
    expect((await list('providers')).map((provider) => provider.displayName)).toEqual(['Dr Moss', 'Dr Zed', 'Dr Able']);
    expect((await list('appointment_types')).map((type) => type.name)).toEqual(['Follow-up', 'New patient']);
  });

  it('orders working hours by provider, location, open-ended rota first, weekday and start', async () => {
    const [first, second] = [PROVIDER_A, PROVIDER_B].sort();
    const hours = (providerId: string | undefined, weekday: number, startTime: string, validFrom: string | null = null) =>
      row(PRACTICE, { providerId, locationId: LOCATION, weekday, startTime, endTime: '23:00', validFrom, validUntil: null });
    await put('working_hours', [
      hours(second, 1, '09:00'),
      hours(first, 2, '09:00'),
      hours(first, 1, '13:00'),
      hours(first, 1, '08:00'),
      hours(first, 1, '07:00', '2026-09-01'),
      { ...hours(first, 1, '06:00'), deletedAt: '2026-02-01T00:00:00.000Z' },
    ]);
    const rows = await list('working_hours');
    expect(rows.map((r) => `${r.providerId === first ? 'A' : 'B'} ${r.validFrom ?? '-'} ${r.weekday} ${r.startTime}`)).toEqual([
      'A - 1 08:00',
      'A - 1 13:00',
      'A - 2 09:00',
      'A 2026-09-01 1 07:00',
      'B - 1 09:00',
    ]);
  });

  it('orders exceptions and holidays by date, a whole day before a time range', async () => {
    await put('schedule_exceptions', [
      row(PRACTICE, { providerId: PROVIDER_A, locationId: null, date: '2026-05-02', kind: 'time_off', startTime: '13:00', endTime: '17:00', note: null }),
      row(PRACTICE, { providerId: PROVIDER_A, locationId: null, date: '2026-05-02', kind: 'time_off', startTime: null, endTime: null, note: null }),
      row(PRACTICE, { providerId: PROVIDER_B, locationId: LOCATION, date: '2026-04-30', kind: 'extra_hours', startTime: '18:00', endTime: '20:00', note: 'Late clinic' }),
    ]);
    await put('holidays', [
      row(PRACTICE, { locationId: null, date: '2026-12-25', name: 'Christmas Day' }),
      row(PRACTICE, { locationId: LOCATION, date: '2026-07-03', name: 'Independence Day (observed)' }),
      row(OTHER, { locationId: null, date: '2026-01-01', name: 'New Year' }),
    ]);
    expect((await list('schedule_exceptions')).map((e) => `${e.date} ${e.startTime ?? 'whole day'}`)).toEqual([
      '2026-04-30 18:00',
      '2026-05-02 whole day',
      '2026-05-02 13:00',
    ]);
    expect((await list('holidays')).map((h) => h.name)).toEqual(['Independence Day (observed)', 'Christmas Day']);
  });

  it('builds statements only for the set-up tables', () => {
    expect(SETUP_TABLES).toEqual(['locations', 'rooms', 'providers', 'appointment_types', 'working_hours', 'schedule_exceptions', 'holidays']);
    expect(() => setupRowsStatement('patients' as SetupTable, PRACTICE)).toThrow('not a scheduling set-up table');
    expect(setupRowsStatement('rooms', PRACTICE).params).toEqual([PRACTICE]);
  });
});
