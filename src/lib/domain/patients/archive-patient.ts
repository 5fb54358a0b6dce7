import 'server-only';
import { requirePracticePermission, type PracticeActor } from '@/lib/auth/authorize';
import type { Database } from '@/lib/db/client';
import { withActor } from '@/lib/db/tx';
import { executeMutation } from '@/lib/sync/server/execute-mutation';
import { findPatientOrThrow } from './find-patient';
import type { PatientRequestMeta } from './get-patient';
import { serializePatient, type TPatientRecord } from './serialize-patient';

export type ArchivePatientOptions = {
  database: Database;
  actor: PracticeActor;
  practiceId: string;
  patientId: string;
  /** False brings an archived patient back. */
  archived: boolean;
  request: PatientRequestMeta;
};

/**
 * Archives (retires from lists, deletes nothing) or restores a patient through `patients.archive`
 * on the mutation executor, then answers with the row. Archiving an archived patient changes
 * nothing and is not an error.
 */
export const archivePatient = async ({
  database,
  actor,
  practiceId,
  patientId,
  archived,
  request,
}: ArchivePatientOptions): Promise<TPatientRecord> => {
  await executeMutation({ database, actor, name: 'patients.archive', args: { practiceId, patientId, archived }, request });
  requirePracticePermission(actor, practiceId, 'patients.read');
  return withActor(database, { userId: actor.userId, practiceIds: [practiceId] }, async (tx) =>
    serializePatient(await findPatientOrThrow({ tx, practiceId, patientId })),
  );
};
