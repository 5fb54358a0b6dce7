// POST /api/sync/push – a device's pending mutations, applied in order, exactly once each
import { apiRoute } from '@/lib/api/route';
import { getDatabase } from '@/lib/db/client';
import { ZPushRequest } from '@/lib/sync/protocol/push';
import { processPush } from '@/lib/sync/server/push';

export const dynamic = 'force-dynamic';

export const POST = apiRoute(
  { route: '/api/sync/push', auth: 'session', body: ZPushRequest, activity: 'background' },
  async ({ body, session, meta }) =>
    processPush({
      database: await getDatabase(),
      actor: session,
      push: body,
      request: meta,
    }),
);
