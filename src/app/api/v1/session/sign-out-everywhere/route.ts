// POST /api/v1/session/sign-out-everywhere – end every session of the signed-in user, on every device
import { apiRoute } from '@/lib/api/route';
import { getDatabase } from '@/lib/db/client';
import { signOutEverywhere } from '@/lib/domain/identity/sign-out-everywhere';

export const dynamic = 'force-dynamic';

export const POST = apiRoute({ route: '/api/v1/session/sign-out-everywhere', auth: 'session' }, async ({ session, meta }) =>
  signOutEverywhere({ database: await getDatabase(), actor: session, request: meta }),
);
