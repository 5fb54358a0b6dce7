// GET /api/v1/practices/[practiceId]/patients/[patientId] – one patient (audited as patient.viewed)
// PATCH /api/v1/practices/[practiceId]/patients/[patientId] – field-level change with base values (409 on a merge collision)
import { DEFAULT_ERROR_MESSAGES } from '@/lib/api/errors';
import { apiRoute } from '@/lib/api/route';
import { getDatabase } from '@/lib/db/client';
import { ZPatientParams, ZUpdatePatientRequest } from '@/lib/domain/patients/api-schemas';
import { getPatient } from '@/lib/domain/patients/get-patient';
import { updatePatient } from '@/lib/domain/patients/update-patient';

export const dynamic = 'force-dynamic';

export const GET = apiRoute(
  { route: '/api/v1/practices/[practiceId]/patients/[patientId]', auth: 'session', params: ZPatientParams },
  async ({ params, session, meta }) => ({
    patient: await getPatient({ database: await getDatabase(), actor: session, ...params, request: meta }),
  }),
);

export const PATCH = apiRoute(
  { route: '/api/v1/practices/[practiceId]/patients/[patientId]', auth: 'session', params: ZPatientParams, body: ZUpdatePatientRequest },
  async ({ params, body, session, meta }) => {
    const result = await updatePatient({
      database: await getDatabase(),
      actor: session,
      ...params,
      input: body,
      request: meta,
    });
    if (result.status === 'applied') {
      return { patient: result.patient };
    }
    // The typed error body (parseApiError reads it like any error), plus the conflict record's id
    // and the row as it now is: fields that did not collide were written.
    return Response.json(
      {
        error: { code: 'CONFLICT', message: DEFAULT_ERROR_MESSAGES.CONFLICT, requestId: meta.requestId },
        conflict: { id: result.conflictId, reason: result.reason },
        patient: result.patient,
      },
      { status: 409 },
    );
  },
);
