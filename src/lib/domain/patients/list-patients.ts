import 'server-only';
import { and, asc, eq, isNotNull, isNull, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { AppError } from '@/lib/api/errors';
import { appendAudit } from '@/lib/audit/append-audit';
import { requirePracticePermission, type PracticeActor } from '@/lib/auth/authorize';
import type { Database } from '@/lib/db/client';
import { patients } from '@/lib/db/schema/patients';
import { withActor } from '@/lib/db/tx';
import type { TArchivedFilter } from './api-schemas';
import type { PatientRequestMeta } from './get-patient';
import { escapeLike, parsePatientSearch, type TPatientSearch } from './patient-search';
import { serializePatient, type TPatientRecord } from './serialize-patient';

export type ListPatientsOptions = {
  database: Database;
  actor: PracticeActor;
  practiceId: string;
  /** A name prefix, a birth date, an MRN or a phone number (see patient-search.ts). */
  q?: string;
  limit: number;
  /** The id of the last patient of the previous page. */
  cursor?: string;
  archived: TArchivedFilter;
  request: PatientRequestMeta;
};

export type PatientPage = { patients: TPatientRecord[]; nextCursor: string | null };

const familyKey = sql<string>`lower(${patients.familyName})`;
const givenKey = sql<string>`lower(${patients.givenName})`;

const startsWith = (column: AnyColumn, token: string) =>
  sql`lower(${column}) like ${`${escapeLike(token)}%`}`;

const searchCondition = (search: TPatientSearch): SQL | undefined => {
  switch (search.kind) {
    case 'name':
      return and(
        ...search.tokens.map((token) =>
          or(
            startsWith(patients.familyName, token),
            startsWith(patients.givenName, token),
            startsWith(patients.middleName, token),
            startsWith(patients.preferredName, token),
          ),
        ),
      );
    case 'dateOfBirth':
      return eq(patients.dateOfBirth, search.date);
    case 'number': {
      const mrn = or(...search.mrns.map((value) => eq(patients.mrn, value)));
      if (search.phoneDigits === null) {
        return mrn;
      }
      // Phones are stored as E.164 (+ and digits): the typed digits end the number, with or
      // without its country code.
      const phone = `%${search.phoneDigits}`;
      return or(mrn, sql`${patients.phoneMobile} like ${phone}`, sql`${patients.phoneHome} like ${phone}`);
    }
  }
};

const archivedCondition = (archived: TArchivedFilter): SQL | undefined => {
  switch (archived) {
    case 'exclude':
      return isNull(patients.archivedAt);
    case 'only':
      return isNotNull(patients.archivedAt);
    case 'include':
      return undefined;
  }
};

/**
 * A page of the practice's patients (`patients.read`), by family then given name, optionally
 * searched. Keyset pagination on (family name, given name, id): the cursor is the last patient's id
 * and its sort key is looked up here, so no name ever travels in a URL.
 *
 * Audit decision: a list is recorded as one `patient.listed` entry per page — how it was searched
 * (the kind, never the text: it is patient data), the archive filter, whether it was a first or
 * later page and how many patients it returned — but without the patients' ids. DESIGN §6 audits
 * every read of a patient's chart; a list row is the identifying line a person picks a chart from,
 * and opening it (GET …/patients/[patientId]) is the audited chart read with the patient's id. Every
 * device of the practice holds these same rows through sync anyway, so listing the ids of each page
 * here would bloat an append-only, never-pruned log without telling an auditor more. What stays
 * visible is who searched or paged through the register, when, and how much they saw — so bulk
 * harvesting through the API shows up as many entries with large counts.
 */
export const listPatients = async ({
  database,
  actor,
  practiceId,
  q,
  limit,
  cursor,
  archived,
  request,
}: ListPatientsOptions): Promise<PatientPage> => {
  requirePracticePermission(actor, practiceId, 'patients.read');
  const search = q === undefined ? null : parsePatientSearch(q);
  return withActor(database, { userId: actor.userId, practiceIds: [practiceId] }, async (tx) => {
    let after: SQL | undefined;
    if (cursor !== undefined) {
      // Tombstones too: a patient removed since the previous page still marks where it ended.
      const [last] = await tx
        .select({ family: familyKey, given: givenKey, id: patients.id })
        .from(patients)
        .where(and(eq(patients.practiceId, practiceId), eq(patients.id, cursor)));
      if (!last) {
        throw new AppError('VALIDATION_FAILED', 'Some query parameters are invalid.', {
          fields: [{ path: 'cursor', message: 'not a cursor of this list' }],
        });
      }
      after = sql`(${familyKey}, ${givenKey}, ${patients.id}) > (${last.family}, ${last.given}, ${last.id}::uuid)`;
    }
    const rows = await tx
      .select()
      .from(patients)
      .where(
        and(
          eq(patients.practiceId, practiceId),
          isNull(patients.deletedAt),
          archivedCondition(archived),
          search === null ? undefined : searchCondition(search),
          after,
        ),
      )
      .orderBy(asc(familyKey), asc(givenKey), asc(patients.id))
      .limit(limit + 1);
    const page = rows.slice(0, limit);
    await appendAudit(tx, {
      practiceId,
      action: 'patient.listed',
      severity: 'info',
      actorUserId: actor.userId,
      targetType: 'patient',
      requestId: request.requestId,
      ipAddress: request.ipAddress,
      userAgent: request.userAgent,
      metadata: {
        via: 'api',
        search: search?.kind ?? null,
        archived,
        page: cursor === undefined ? 'first' : 'next',
        returned: page.length,
      },
    });
    return {
      patients: page.map(serializePatient),
      nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
    };
  });
};
