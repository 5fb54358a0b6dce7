'use client';

import { keepPreviousData } from '@tanstack/react-query';

import { useLocalQuery } from '@/components/local-data/use-local-query';
import { patientListStatement, toPatientPage, type PatientListFilter } from '@/lib/local/patient-list-query';

/*
 * The patients of the active practice, read from the device database (CONVENTIONS §7): refreshed
 * whenever a local change or a pull touches `patients`, in this tab or another.
 */

const TABLES = ['patients'] as const;

/** One page of the list (`limit` grows with "Show more"); the previous answer stays shown while a new search runs. */
export const usePatientList = (filter: PatientListFilter) =>
  useLocalQuery(
    ['patients', 'list', filter],
    TABLES,
    async (db) => {
      const { sql, params } = patientListStatement(filter);
      return toPatientPage(await db.all<{ data: string }>(sql, params), filter.limit);
    },
    { placeholderData: keepPreviousData },
  );
