// POST /api/sync/pull – what changed in the caller's practices since the device's cursors
import { apiRoute } from '@/lib/api/route';
import { getDatabase } from '@/lib/db/client';
import { ZPullRequest } from '@/lib/sync/protocol/pull';
import { processPull } from '@/lib/sync/server/pull';

export const dynamic = 'force-dynamic';

// POST rather than GET: cursors for many practices do not belong in a URL, and a pull records the
// replica's progress.
export const POST = apiRoute(
  { route: '/api/sync/pull', auth: 'session', body: ZPullRequest, activity: 'background' },
  async ({ body, session }) => processPull({ database: await getDatabase(), actor: session, pull: body }),
);
