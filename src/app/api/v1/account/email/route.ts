// POST /api/v1/account/email – change the signed-in person's sign-in email (needs a recent re-authentication)
import { apiRoute } from '@/lib/api/route';
import { getDatabase } from '@/lib/db/client';
import { ZChangeEmail } from '@/lib/domain/identity/account-schemas';
import { changeEmail } from '@/lib/domain/identity/change-email';

export const dynamic = 'force-dynamic';

export const POST = apiRoute({ route: '/api/v1/account/email', auth: 'session', body: ZChangeEmail }, async ({ body, session, meta }) =>
  changeEmail({
    database: await getDatabase(),
    actor: session,
    email: body.email,
    request: meta,
  }),
);
