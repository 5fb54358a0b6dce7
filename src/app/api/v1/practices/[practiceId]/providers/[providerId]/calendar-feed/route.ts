// POST /api/v1/practices/[practiceId]/providers/[providerId]/calendar-feed – a new secret feed address for the provider's calendar, replacing the old (owner, admin, or the provider themself); audited
// DELETE /api/v1/practices/[practiceId]/providers/[providerId]/calendar-feed – end the provider's feed (same people); audited
import { apiRoute } from '@/lib/api/route';
import { getConfig } from '@/lib/config/env';
import { getDatabase } from '@/lib/db/client';
import { createCalendarFeed } from '@/lib/domain/reminders/create-calendar-feed';
import { revokeCalendarFeed } from '@/lib/domain/reminders/revoke-calendar-feed';
import { ZProviderParams } from '@/lib/domain/reminders/schemas';

export const dynamic = 'force-dynamic';

const ROUTE = '/api/v1/practices/[practiceId]/providers/[providerId]/calendar-feed';

export const POST = apiRoute({ route: ROUTE, auth: 'session', params: ZProviderParams }, async ({ params, session, meta }) =>
  Response.json(
    await createCalendarFeed({
      database: await getDatabase(),
      actor: session,
      practiceId: params.practiceId,
      providerId: params.providerId,
      appUrl: getConfig().appUrl,
      request: meta,
    }),
    { status: 201 },
  ),
);

export const DELETE = apiRoute({ route: ROUTE, auth: 'session', params: ZProviderParams }, async ({ params, session, meta }) =>
  revokeCalendarFeed({ database: await getDatabase(), actor: session, practiceId: params.practiceId, providerId: params.providerId, request: meta }),
);
