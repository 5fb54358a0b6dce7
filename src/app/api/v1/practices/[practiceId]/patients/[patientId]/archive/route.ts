// POST /api/v1/practices/[practiceId]/patients/[patientId]/archive – archive a patient ({ archived: false } restores)
import { apiRoute } from '@/lib/api/route';
import { getDatabase } from '@/lib/db/client';
import { ZArchivePatientRequest, ZPatientParams } from '@/lib/domain/patients/api-schemas';
import { archivePatient } from '@/lib/domain/patients/archive-patient';

export const dynamic = 'force-dynamic';

export const POST = apiRoute(
  { route: '/api/v1/practices/[practiceId]/patients/[patientId]/archive', auth: 'session', params: ZPatientParams, body: ZArchivePatientRequest },
  async ({ params, body, session, meta }) => ({
    patient: await archivePatient({
      database: await getDatabase(),
      actor: session,
      ...params,
      archived: body.archived,
      request: meta,
    }),
  }),
);
