// GET /api/health/ready – readiness: database reachable, migrations current, data directory writable
import { apiRoute } from '@/lib/api/route';
import { getConfig } from '@/lib/config/env';
import { getDatabase } from '@/lib/db/client';
import { checkReadiness } from '@/lib/observability/health';

export const dynamic = 'force-dynamic';

export const GET = apiRoute({ route: '/api/health/ready', auth: 'public', rateLimit: false }, async ({ log }) => {
  const report = await checkReadiness({ database: getDatabase, dataDir: getConfig().dataDir, log });
  return Response.json(report, { status: report.status === 'ok' ? 200 : 503 });
});
