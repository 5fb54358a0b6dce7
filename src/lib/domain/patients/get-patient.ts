import 'server-only';
import { appendAudit } from '@/lib/audit/append-audit';
import { requirePracticePermission, type PracticeActor } from '@/lib/auth/authorize';
import type { Database } from '@/lib/db/client';
import { withActor } from '@/lib/db/tx';
import { findPatientOrThrow } from './find-patient';
import { serializePatient, type TPatientRecord } from './serialize-patient';

export type PatientRequestMeta = { requestId: string | null; ipAddress: string | null; userAgent: string | null };

export type GetPatientOptions = {
  database: Database;
  actor: PracticeActor;
  practiceId: string;
  patientId: string;
  request: PatientRequestMeta;
};

/**
 * One patient (`patients.read`). Every read of a patient's record is audited (DESIGN §6):
 * `patient.viewed` with the patient's id, in the transaction of the read, so there is no answer
 * without its audit entry. Another practice's patient, or none, is NOT_FOUND and audits nothing.
 */
export const getPatient = async ({ database, actor, practiceId, patientId, request }: GetPatientOptions): Promise<TPatientRecord> => {
  requirePracticePermission(actor, practiceId, 'patients.read');
  return withActor(database, { userId: actor.userId, practiceIds: [practiceId] }, async (tx) => {
    const row = await findPatientOrThrow({ tx, practiceId, patientId });
    await appendAudit(tx, {
      practiceId,
      action: 'patient.viewed',
      severity: 'info',
      actorUserId: actor.userId,
      targetType: 'patient',
      targetId: row.id,
      patientId: row.id,
      requestId: request.requestId,
      ipAddress: request.ipAddress,
      userAgent: request.userAgent,
      metadata: { via: 'api' },
    });
    return serializePatient(row);
  });
};
