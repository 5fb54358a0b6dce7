import type { Patient } from '@/lib/db/schema/patients';

/** A patient as the REST API answers it: the row, with instants as ISO 8601 strings. */
export type TPatientRecord = Omit<Patient, 'archivedAt' | 'createdAt' | 'updatedAt' | 'deletedAt'> & {
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
};

/**
 * The row for the wire. `deletedAt` is left out: the API never answers with a tombstone (a
 * removed patient is NOT_FOUND), so it would always be null.
 */
export const serializePatient = ({ deletedAt: _deletedAt, ...row }: Patient): TPatientRecord => ({
  ...row,
  archivedAt: row.archivedAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});
