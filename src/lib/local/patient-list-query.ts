import type { SqlValue } from '@/lib/sync/client/sqlite/connection';
import { escapeLike, parsePatientSearch, type TPatientSearch } from '@/lib/domain/patients/patient-search';
import type { TPatientFields } from '@/lib/domain/patients/schemas';

/*
 * The patients list read from the device database (issue #6 §3): the same search as the REST list
 * (patient-search.ts decides what a text means), over the synced rows kept as JSON. Sorted like the
 * server's list, by family then given name then id. Browser-safe: SQL text and parameters only,
 * run by whichever connection the caller has (the page's LocalDatabase, a Node replica in tests).
 */

/** A patient as the device holds it (the synced row's JSON). */
export type LocalPatient = { [K in keyof TPatientFields]: TPatientFields[K] | null } & {
  id: string;
  practiceId: string;
  mrn: string;
  archivedAt: string | null;
  updatedAt: string;
};

export type PatientListFilter = {
  practiceId: string;
  /** What was typed in the search box; blank lists everyone. */
  q: string;
  includeArchived: boolean;
  limit: number;
};

const field = (name: string) => `json_extract(data, '$.${name}')`;
// The same expressions as the search indexes of local-schema.ts, so those indexes can serve them.
const lowerField = (name: string) => `lower(${field(name)})`;

const NAME_FIELDS = ['familyName', 'givenName', 'middleName', 'preferredName'] as const;

const searchCondition = (search: TPatientSearch): { sql: string; params: SqlValue[] } => {
  switch (search.kind) {
    case 'name': {
      const parts = search.tokens.map(() => `(${NAME_FIELDS.map((name) => `${lowerField(name)} like ? escape '\\'`).join(' or ')})`);
      return {
        sql: parts.length === 0 ? '1' : parts.join(' and '),
        params: search.tokens.flatMap((token) => NAME_FIELDS.map(() => `${escapeLike(token)}%`)),
      };
    }
    case 'dateOfBirth':
      return { sql: `${field('dateOfBirth')} = ?`, params: [search.date] };
    case 'number': {
      const mrn = `${field('mrn')} in (${search.mrns.map(() => '?').join(', ')})`;
      if (search.phoneDigits === null) {
        return { sql: mrn, params: [...search.mrns] };
      }
      // Phones are stored as E.164: the typed digits end the number, with or without the country code.
      const phone = `%${search.phoneDigits}`;
      return { sql: `(${mrn} or ${field('phoneMobile')} like ? or ${field('phoneHome')} like ?)`, params: [...search.mrns, phone, phone] };
    }
  }
};

/** The statement for one page of the list: `limit + 1` rows, so the caller knows whether there is more. */
export const patientListStatement = ({ practiceId, q, includeArchived, limit }: PatientListFilter): { sql: string; params: SqlValue[] } => {
  const conditions = ['practice_id = ?', `${field('deletedAt')} is null`];
  const params: SqlValue[] = [practiceId];
  if (!includeArchived) {
    conditions.push(`${field('archivedAt')} is null`);
  }
  if (q.trim() !== '') {
    const search = searchCondition(parsePatientSearch(q));
    conditions.push(search.sql);
    params.push(...search.params);
  }
  return {
    sql: `select data from patients where ${conditions.join(' and ')} order by ${lowerField('familyName')}, ${lowerField('givenName')}, id limit ?`,
    params: [...params, limit + 1],
  };
};

/** One page of rows as returned by {@link patientListStatement}: the patients and whether more follow. */
export const toPatientPage = (rows: readonly { data: SqlValue }[], limit: number): { patients: LocalPatient[]; hasMore: boolean } => ({
  patients: rows.slice(0, limit).map((row) => JSON.parse(String(row.data)) as LocalPatient),
  hasMore: rows.length > limit,
});

/** One patient of the practice, or undefined. */
export const patientStatement = ({ practiceId, patientId }: { practiceId: string; patientId: string }) => ({
  sql: `select data from patients where id = ? and practice_id = ? and ${field('deletedAt')} is null`,
  params: [patientId, practiceId] as SqlValue[],
});
