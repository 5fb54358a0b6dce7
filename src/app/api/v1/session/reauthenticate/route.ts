// POST /api/v1/session/reauthenticate – confirm the password (and second factor) again before changing email, password or factors
import { apiRoute } from '@/lib/api/route';
import { getAuth } from '@/lib/auth/auth';
import { getDatabase } from '@/lib/db/client';
import { ZReauthenticate } from '@/lib/domain/identity/account-schemas';
import { reauthenticate } from '@/lib/domain/identity/reauthenticate';

export const dynamic = 'force-dynamic';

export const POST = apiRoute(
  { route: '/api/v1/session/reauthenticate', auth: 'session', body: ZReauthenticate },
  async ({ request, body, session, meta }) =>
    reauthenticate({
      database: await getDatabase(),
      auth: await getAuth(),
      actor: session,
      input: body,
      request: { ...meta, headers: request.headers },
    }),
);
