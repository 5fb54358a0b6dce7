// GET /api/v1/practices/[practiceId]/audit – a page of the practice's audit log (owner, admin, auditor)
import { apiRoute } from '@/lib/api/route';
import { getDatabase } from '@/lib/db/client';
import { listPracticeAudit } from '@/lib/domain/audit/list-practice-audit';
import { ZListAuditQuery } from '@/lib/domain/audit/schemas';
import { ZPracticeParams } from '@/lib/domain/practices/schemas';

export const dynamic = 'force-dynamic';

export const GET = apiRoute(
  { route: '/api/v1/practices/[practiceId]/audit', auth: 'session', params: ZPracticeParams, query: ZListAuditQuery },
  async ({ params, query: { cursor, limit, ...filters }, session, meta }) =>
    listPracticeAudit({
      database: await getDatabase(),
      actor: session,
      practiceId: params.practiceId,
      filters,
      cursor,
      limit,
      request: meta,
    }),
);
