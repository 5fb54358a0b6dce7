// GET /api/v1/practices/[practiceId]/audit/export – the filtered audit log as CSV (owner, admin, auditor)
import { apiRoute } from '@/lib/api/route';
import { getDatabase } from '@/lib/db/client';
import { exportPracticeAudit } from '@/lib/domain/audit/export-practice-audit';
import { ZExportAuditQuery } from '@/lib/domain/audit/schemas';
import { ZPracticeParams } from '@/lib/domain/practices/schemas';

export const dynamic = 'force-dynamic';

export const GET = apiRoute(
  { route: '/api/v1/practices/[practiceId]/audit/export', auth: 'session', params: ZPracticeParams, query: ZExportAuditQuery },
  async ({ params, query, session, meta }) => {
    const { csv, truncated } = await exportPracticeAudit({
      database: await getDatabase(),
      actor: session,
      practiceId: params.practiceId,
      filters: query,
      request: meta,
    });
    return new Response(csv, {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': 'attachment; filename="audit-log.csv"',
        'x-export-truncated': String(truncated),
      },
    });
  },
);
