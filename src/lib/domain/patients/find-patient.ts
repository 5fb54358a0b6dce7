import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import { AppError } from '@/lib/api/errors';
import type { Tx } from '@/lib/db/client';
import { patients, type Patient } from '@/lib/db/schema/patients';

export type FindPatientOptions = {
  /** A transaction of `withActor` whose scope includes `practiceId` (row-level security applies). */
  tx: Tx;
  practiceId: string;
  patientId: string;
};

/**
 * The patient `patientId` of `practiceId`, or NOT_FOUND: for an id of another practice (filtered
 * here and hidden by RLS), a removed record (tombstone), or no record at all — the same answer for
 * each, so an id reveals nothing (DESIGN §6). The caller has checked the actor's permission.
 */
export const findPatientOrThrow = async ({ tx, practiceId, patientId }: FindPatientOptions): Promise<Patient> => {
  const [row] = await tx
    .select()
    .from(patients)
    .where(and(eq(patients.practiceId, practiceId), eq(patients.id, patientId), isNull(patients.deletedAt)));
  if (!row) {
    throw new AppError('NOT_FOUND', 'This patient was not found.');
  }
  return row;
};
