// POST /api/v1/session/activity – the signed-in person is active in the app: keeps the session from idling out
import { apiRoute } from '@/lib/api/route';

export const dynamic = 'force-dynamic';

// The session lookup in the route wrapper records the activity (src/lib/auth/idle-timeout.ts),
// or answers 401 when the session has already idled out; the handler has nothing left to do.
export const POST = apiRoute({ route: '/api/v1/session/activity', auth: 'session' }, () => undefined);
