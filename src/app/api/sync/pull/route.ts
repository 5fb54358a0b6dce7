// POST /api/sync/pull – what changed in the caller's practices since the device's cursors
import { apiRoute } from '@/lib/api/route';
import { getDatabase } from '@/lib/db/client';
import { ZPullRequest } from '@/lib/sync/protocol/pull';
import { processPullText } from '@/lib/sync/server/pull';

export const dynamic = 'force-dynamic';

// POST rather than GET: cursors for many practices do not belong in a URL, and a pull records the
// replica's progress.
export const POST = apiRoute(
  { route: '/api/sync/pull', auth: 'session', body: ZPullRequest, activity: 'background' },
  // The answer is built as JSON text by the database (pages of up to 5,000 rows): passed through as
  // it is, never parsed into objects only to be serialized again.
  async ({ body, session }) =>
    new Response(await processPullText({ database: await getDatabase(), actor: session, pull: body }), {
      headers: { 'content-type': 'application/json' },
    }),
);
