// GET /api/health – liveness: the process answers (no database access)
import { apiRoute } from '@/lib/api/route';
import { getLiveness } from '@/lib/observability/health';

export const dynamic = 'force-dynamic';

// Not rate limited: probes must always get an answer, and the PostgreSQL rate limit store would
// make this touch the database.
export const GET = apiRoute({ route: '/api/health', auth: 'public', rateLimit: false }, () => getLiveness());
