import { z } from 'zod';
import { ZUuid } from '@/lib/domain/practices/schemas';
import { ZArchivePatient, ZCreatePatient, ZUpdatePatient } from './schemas';

/*
 * Request shapes of the patients REST API (/api/v1/practices/[practiceId]/patients…), built from
 * the mutation argument schemas in schemas.ts so a field is validated by one rule everywhere
 * (CONVENTIONS §4). The practice and patient ids come from the URL, never from the body.
 */

/** Route segments naming a patient of a practice; a malformed id names nothing (404). */
export const ZPatientParams = z.object({ practiceId: ZUuid, patientId: ZUuid });

/** Body of POST …/patients: `patients.create` without the practice; `id` optional (UUIDv7 made when absent). */
export const ZCreatePatientRequest = ZCreatePatient.omit({ practiceId: true, id: true }).extend({
  /** A client-generated UUIDv7 (DESIGN §4), so a retried request cannot create the patient twice. */
  id: ZUuid.optional(),
});
export type TCreatePatientRequest = z.infer<typeof ZCreatePatientRequest>;

/**
 * Body of PATCH …/patients/[patientId]: the changed fields and the values they were changed from.
 * The field rules are `patients.update`'s own; its cross-field checks (something to change, a base
 * value for each change) run in the executor and answer 422 with the same field paths.
 */
export const ZUpdatePatientRequest = z
  .object({ changes: ZUpdatePatient.shape.changes, base: ZUpdatePatient.shape.base })
  .strict();
export type TUpdatePatientRequest = z.infer<typeof ZUpdatePatientRequest>;

/** Body of POST …/patients/[patientId]/archive: `{ archived: false }` brings the patient back. */
export const ZArchivePatientRequest = z.object({ archived: ZArchivePatient.shape.archived }).strict();
export type TArchivePatientRequest = z.infer<typeof ZArchivePatientRequest>;

export const PATIENT_LIST_DEFAULT_LIMIT = 50;
export const PATIENT_LIST_MAX_LIMIT = 200;

/** Which patients a list shows with respect to archiving; archived patients are hidden by default. */
export const ZArchivedFilter = z.enum(['exclude', 'include', 'only']);
export type TArchivedFilter = z.infer<typeof ZArchivedFilter>;

/**
 * Query of GET …/patients. `q` carries patient data (a name, a birth date, a phone number) in the
 * URL, where proxies and browser history keep it: it exists for API clients (integrations) only.
 * The app itself never calls this with `q`: its screens search the device's local database.
 * `cursor` is the id of the last patient of the previous page, never a name.
 */
export const ZListPatientsQuery = z
  .object({
    q: z.string().trim().min(1, { error: 'required when given' }).max(100, { error: 'at most 100 characters' }).optional(),
    limit: z.coerce
      .number({ error: 'expected a number' })
      .int({ error: 'expected a whole number' })
      .min(1, { error: 'at least 1' })
      .max(PATIENT_LIST_MAX_LIMIT, { error: `at most ${PATIENT_LIST_MAX_LIMIT}` })
      .default(PATIENT_LIST_DEFAULT_LIMIT),
    cursor: ZUuid.optional(),
    archived: ZArchivedFilter.default('exclude'),
  })
  .strict();
export type TListPatientsQuery = z.infer<typeof ZListPatientsQuery>;
