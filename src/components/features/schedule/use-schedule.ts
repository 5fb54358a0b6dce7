'use client';

import { keepPreviousData } from '@tanstack/react-query';

import { useLocalQuery } from '@/components/local-data/use-local-query';
import type { LocalDatabase } from '@/lib/local/browser/local-database';
import type { SqlValue } from '@/lib/sync/client/sqlite/connection';
import { practiceRangeStatement } from '@/lib/local/appointment-day-query';
import { setupRowsStatement } from '@/lib/local/scheduling-setup-query';

import type { LocalAppointment, SchedulingSetup } from './schedule-types';

/*
 * The calendar's data, read from the device database (CONVENTIONS §7) and refreshed whenever a local
 * change or a pull touches the tables each query names — in this tab or another.
 */

const SETUP_TABLES = ['locations', 'rooms', 'providers', 'appointment_types', 'working_hours', 'schedule_exceptions', 'holidays'] as const;

const rowsOf = async <T>(db: LocalDatabase, statement: { sql: string; params: readonly SqlValue[] }): Promise<T[]> =>
  (await db.all<{ data: string }>(statement.sql, [...statement.params])).map((row) => JSON.parse(row.data) as T);

/** Locations, rooms, providers, types, hours, exceptions and holidays of the practice. */
export const useSchedulingSetup = (practiceId: string) =>
  useLocalQuery(['scheduling', 'setup', practiceId], SETUP_TABLES, async (db): Promise<SchedulingSetup> => {
    const read = <T>(table: (typeof SETUP_TABLES)[number]) => rowsOf<T>(db, setupRowsStatement(table, practiceId));
    return {
      locations: await read('locations'),
      rooms: await read('rooms'),
      providers: await read('providers'),
      types: await read('appointment_types'),
      workingHours: await read('working_hours'),
      exceptions: await read('schedule_exceptions'),
      holidays: await read('holidays'),
    };
  });

/** Every appointment of the practice overlapping [from, to), cancelled ones too (the calendar greys them). */
export const useAppointments = (practiceId: string, from: Date, to: Date) =>
  useLocalQuery(
    ['scheduling', 'appointments', practiceId, from.toISOString(), to.toISOString()],
    ['appointments'],
    (db) => rowsOf<LocalAppointment>(db, practiceRangeStatement({ practiceId, from: from.toISOString(), to: to.toISOString() })),
    // The previous range stays on screen while the next one is read: paging days never flashes empty.
    { placeholderData: keepPreviousData },
  );

export type PatientLabel = { id: string; givenName: string; familyName: string; preferredName: string | null; dateOfBirth: string; mrn: string };

/** The names of the patients on screen, by id (the calendar shows who is coming; never in a URL). */
export const usePatientLabels = (practiceId: string, ids: readonly string[]) => {
  const unique = [...new Set(ids)].sort();
  return useLocalQuery(
    ['scheduling', 'patient-labels', practiceId, unique.join(',')],
    ['patients'],
    async (db) => {
      const labels = new Map<string, PatientLabel>();
      // SQLite's default limit on parameters is 32,766; a week of a busy practice stays far below.
      for (let offset = 0; offset < unique.length; offset += 500) {
        const chunk = unique.slice(offset, offset + 500);
        const rows = await db.all<{ data: string }>(
          `select data from patients where practice_id = ? and id in (${chunk.map(() => '?').join(', ')})`,
          [practiceId, ...chunk],
        );
        for (const row of rows) {
          const patient = JSON.parse(row.data) as PatientLabel;
          labels.set(patient.id, patient);
        }
      }
      return labels;
    },
    { placeholderData: keepPreviousData },
  );
};
