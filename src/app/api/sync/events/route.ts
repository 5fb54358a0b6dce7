// GET /api/sync/events – server-sent pokes "practice P is at version N" for the caller's practices
import { apiRoute } from '@/lib/api/route';
import { resolveSession } from '@/lib/api/session';
import { getDatabase } from '@/lib/db/client';
import { getSyncEventHub } from '@/lib/sync/server/event-hub';
import { openEventStream } from '@/lib/sync/server/event-stream';

export const dynamic = 'force-dynamic';

export const GET = apiRoute(
  { route: '/api/sync/events', auth: 'session', activity: 'background' },
  async ({ request, session }) =>
    new Response(
      openEventStream({
        database: await getDatabase(),
        hub: await getSyncEventHub(),
        session,
        lastEventId: request.headers.get('last-event-id'),
        recheckSession: () => resolveSession(request, { passive: true }),
        signal: request.signal,
      }),
      {
        headers: {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store, no-transform',
          // Reverse proxies (nginx) must not buffer the stream.
          'x-accel-buffering': 'no',
        },
      },
    ),
);
