import { uuidv7 } from 'uuidv7';
import { describe, expect, it } from 'vitest';

import { ZSaveAppointmentType, ZSaveHoliday, ZSaveLocation, ZSaveProvider, ZSaveRoom, ZSaveScheduleException } from '@/lib/domain/scheduling/schemas';
import type { LocalLocation, LocalRoom, LocalScheduleException } from '@/lib/local/scheduling-setup-query';

import {
  appointmentTypeFormValues,
  exceptionFormValues,
  holidayFormValues,
  locationFormValues,
  pickArgs,
  providerFormValues,
  roomFormValues,
} from './setup-form-values';

const PRACTICE = uuidv7();
const sync = { version: 3, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-02T00:00:00.000Z', createdBy: null, updatedBy: null, deletedAt: null };

describe('set-up forms and mutation arguments', () => {
  it('starts new records with a fresh id and values the schemas accept once the blanks are filled', () => {
    const location = locationFormValues(PRACTICE, null, 'America/Chicago');
    expect(ZSaveLocation.safeParse(location).error?.issues.map((issue) => issue.path.join('.'))).toEqual(['name']);
    expect(ZSaveLocation.parse({ ...location, name: 'Downtown' })).toMatchObject({ name: 'Downtown', addressLine1: null, phone: null, country: 'US' });
    const locationId = uuidv7();
    expect(ZSaveRoom.parse({ ...roomFormValues(PRACTICE, null, locationId), name: 'Room 1' })).toMatchObject({ locationId, active: true });
    expect(ZSaveProvider.parse({ ...providerFormValues(PRACTICE, null, '#2563eb'), userId: uuidv7(), displayName: 'Dr Ann' }).colour).toBe('#2563eb');
    expect(ZSaveAppointmentType.parse({ ...appointmentTypeFormValues(PRACTICE, null, '#0f766e'), name: 'Follow-up' })).toMatchObject({
      durationMinutes: 30,
      needsRoom: true,
      bufferBeforeMinutes: 0,
    });
    expect(ZSaveScheduleException.parse({ ...exceptionFormValues(PRACTICE, null, uuidv7()), date: '2026-12-24' })).toMatchObject({
      kind: 'time_off',
      locationId: null,
      startTime: null,
      note: null,
    });
    expect(ZSaveHoliday.parse({ ...holidayFormValues(PRACTICE, null), date: '2026-12-25', name: 'Christmas Day' }).locationId).toBeNull();
    expect(roomFormValues(PRACTICE, null, undefined).locationId).toBe('');
    expect(locationFormValues(PRACTICE, null, 'UTC').id).not.toBe(locationFormValues(PRACTICE, null, 'UTC').id);
  });

  it('edits a record as it is, null text shown blank, and saves it back unchanged', () => {
    const row: LocalLocation = {
      practiceId: PRACTICE,
      id: uuidv7(),
      name: 'Downtown',
      addressLine1: '1 Main St',
      addressLine2: null,
      city: 'Springfield',
      region: 'IL',
      postalCode: null,
      country: 'US',
      timeZone: 'America/Chicago',
      phone: '+13125550142',
      ...sync,
    };
    const values = locationFormValues(PRACTICE, row, 'UTC');
    expect(values.addressLine2).toBe('');
    const { version: _v, createdAt: _c, updatedAt: _u, createdBy: _cb, updatedBy: _ub, deletedAt: _d, ...fields } = row;
    expect(ZSaveLocation.parse(values)).toEqual(fields);
    const exception: LocalScheduleException = {
      practiceId: PRACTICE,
      id: uuidv7(),
      providerId: uuidv7(),
      locationId: uuidv7(),
      date: '2026-05-02',
      kind: 'extra_hours',
      startTime: '18:00',
      endTime: '20:00',
      note: null,
      ...sync,
    };
    expect(ZSaveScheduleException.parse(exceptionFormValues(PRACTICE, exception, undefined))).toMatchObject({ id: exception.id, kind: 'extra_hours', note: null, removed: false });
  });

  it('takes a row’s mutation arguments without its sync columns (the schemas are strict)', () => {
    const room: LocalRoom = { practiceId: PRACTICE, id: uuidv7(), locationId: uuidv7(), name: 'Room 1', active: true, ...sync };
    const args = pickArgs(ZSaveRoom, room);
    expect(args).toEqual({ practiceId: PRACTICE, id: room.id, locationId: room.locationId, name: 'Room 1', active: true });
    expect(ZSaveRoom.parse({ ...args, active: false }).active).toBe(false);
    expect(Object.keys(pickArgs(ZSaveHoliday, { practiceId: PRACTICE, id: uuidv7(), locationId: null, date: '2026-12-25', name: 'x', ...sync }))).toEqual([
      'practiceId',
      'id',
      'locationId',
      'date',
      'name',
    ]);
  });
});
