// POST /api/v1/practices/[practiceId]/patients – register a patient (answers 201 with its MRN)
// GET /api/v1/practices/[practiceId]/patients – a page of the practice's patients, optionally searched (`q`)
import { apiRoute } from '@/lib/api/route';
import { getDatabase } from '@/lib/db/client';
import { ZCreatePatientRequest, ZListPatientsQuery } from '@/lib/domain/patients/api-schemas';
import { createPatient } from '@/lib/domain/patients/create-patient';
import { listPatients } from '@/lib/domain/patients/list-patients';
import { ZPracticeParams } from '@/lib/domain/practices/schemas';

export const dynamic = 'force-dynamic';

export const POST = apiRoute(
  { route: '/api/v1/practices/[practiceId]/patients', auth: 'session', params: ZPracticeParams, body: ZCreatePatientRequest },
  async ({ params, body, session, meta }) =>
    Response.json(
      {
        patient: await createPatient({
          database: await getDatabase(),
          actor: session,
          practiceId: params.practiceId,
          input: body,
          request: meta,
        }),
      },
      { status: 201 },
    ),
);

// `q` puts patient data in the URL (proxies, logs, history keep URLs): it is for API clients
// only. The app's own screens never call this with `q`; they search the device's local database.
// The route wrapper logs the route pattern, never the URL's query.
export const GET = apiRoute(
  { route: '/api/v1/practices/[practiceId]/patients', auth: 'session', params: ZPracticeParams, query: ZListPatientsQuery },
  async ({ params, query, session, meta }) =>
    listPatients({
      database: await getDatabase(),
      actor: session,
      practiceId: params.practiceId,
      ...query,
      request: meta,
    }),
);
