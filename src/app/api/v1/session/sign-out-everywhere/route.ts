// POST /api/v1/session/sign-out-everywhere – end every session of the signed-in user, on every device
import { clientAddress } from '@/lib/api/client-address';
import { apiRoute } from '@/lib/api/route';
import { getDatabase } from '@/lib/db/client';
import { signOutEverywhere } from '@/lib/domain/identity/sign-out-everywhere';

export const dynamic = 'force-dynamic';

export const POST = apiRoute({ route: '/api/v1/session/sign-out-everywhere', auth: 'session' }, async ({ request, session, requestId }) =>
  signOutEverywhere({ database: await getDatabase(), actor: session, request: { requestId, ipAddress: clientAddress(request) } }),
);
