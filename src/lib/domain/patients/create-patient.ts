import 'server-only';
import { uuidv7 } from 'uuidv7';
import { requirePracticePermission, type PracticeActor } from '@/lib/auth/authorize';
import type { Database } from '@/lib/db/client';
import { withActor } from '@/lib/db/tx';
import { executeMutation } from '@/lib/sync/server/execute-mutation';
import type { TCreatePatientRequest } from './api-schemas';
import { findPatientOrThrow } from './find-patient';
import type { PatientRequestMeta } from './get-patient';
import { serializePatient, type TPatientRecord } from './serialize-patient';

export type CreatePatientOptions = {
  database: Database;
  actor: PracticeActor;
  practiceId: string;
  input: TCreatePatientRequest;
  request: PatientRequestMeta;
};

/**
 * Registers a patient through `patients.create` on the mutation executor (the one write path,
 * DESIGN §2: validation, permission, MRN allocation, version, change log, audit, poke), then
 * answers with the row as stored, MRN included.
 *
 * The answer is not audited as `patient.viewed`: it is what the caller just wrote plus the MRN,
 * and the write's own `patient.created` entry already names the patient and the person.
 */
export const createPatient = async ({ database, actor, practiceId, input, request }: CreatePatientOptions): Promise<TPatientRecord> => {
  const id = input.id ?? uuidv7();
  await executeMutation({ database, actor, name: 'patients.create', args: { ...input, id, practiceId }, request });
  requirePracticePermission(actor, practiceId, 'patients.read');
  return withActor(database, { userId: actor.userId, practiceIds: [practiceId] }, async (tx) =>
    serializePatient(await findPatientOrThrow({ tx, practiceId, patientId: id })),
  );
};
