import 'server-only';
import { requirePracticePermission, type PracticeActor } from '@/lib/auth/authorize';
import type { Database } from '@/lib/db/client';
import { withActor } from '@/lib/db/tx';
import type { TConflictReason } from '@/lib/sync/protocol/push';
import { executeMutation } from '@/lib/sync/server/execute-mutation';
import type { TUpdatePatientRequest } from './api-schemas';
import { findPatientOrThrow } from './find-patient';
import type { PatientRequestMeta } from './get-patient';
import { serializePatient, type TPatientRecord } from './serialize-patient';

export type UpdatePatientOptions = {
  database: Database;
  actor: PracticeActor;
  practiceId: string;
  patientId: string;
  input: TUpdatePatientRequest;
  request: PatientRequestMeta;
};

export type UpdatePatientResult =
  | { status: 'applied'; patient: TPatientRecord }
  /**
   * The three-way merge collided (someone else changed a field from the same base) or the patient
   * is archived: the fields that did not collide are written, the server's values are kept for the
   * others, and a conflict record (`conflictId`) holds both sides for a person to resolve.
   */
  | { status: 'conflict'; reason: TConflictReason; conflictId: string; patient: TPatientRecord };

/**
 * A field-level change through `patients.update` on the mutation executor, the same three-way
 * merge a device's push gets (DESIGN §5), then the row as it now is. Not audited as a view: the
 * write's `patient.updated` entry names the patient and the person (see create-patient.ts).
 */
export const updatePatient = async ({
  database,
  actor,
  practiceId,
  patientId,
  input,
  request,
}: UpdatePatientOptions): Promise<UpdatePatientResult> => {
  const outcome = await executeMutation({
    database,
    actor,
    name: 'patients.update',
    args: { practiceId, patientId, changes: input.changes, base: input.base },
    request,
  });
  requirePracticePermission(actor, practiceId, 'patients.read');
  const patient = await withActor(database, { userId: actor.userId, practiceIds: [practiceId] }, async (tx) =>
    serializePatient(await findPatientOrThrow({ tx, practiceId, patientId })),
  );
  return outcome.status === 'applied'
    ? { status: 'applied', patient }
    : { status: 'conflict', reason: outcome.reason, conflictId: outcome.conflictId, patient };
};
