// GET /api/v1/practices/[practiceId]/settings/security – the practice's security settings (every member)
// PATCH /api/v1/practices/[practiceId]/settings/security – change them (owner, admin); audited
import { apiRoute } from '@/lib/api/route';
import { getDatabase } from '@/lib/db/client';
import { getPracticeSettings } from '@/lib/domain/practices/get-practice-settings';
import { ZPracticeParams, ZUpdatePracticeSecuritySettings } from '@/lib/domain/practices/schemas';
import { updatePracticeSecuritySettings } from '@/lib/domain/practices/update-practice-security-settings';

export const dynamic = 'force-dynamic';

export const GET = apiRoute(
  { route: '/api/v1/practices/[practiceId]/settings/security', auth: 'session', params: ZPracticeParams },
  async ({ params, session }) =>
    (await getPracticeSettings({ database: await getDatabase(), actor: session, practiceId: params.practiceId })).security,
);

export const PATCH = apiRoute(
  {
    route: '/api/v1/practices/[practiceId]/settings/security',
    auth: 'session',
    params: ZPracticeParams,
    body: ZUpdatePracticeSecuritySettings,
  },
  async ({ params, body, session, meta }) =>
    updatePracticeSecuritySettings({
      database: await getDatabase(),
      actor: session,
      practiceId: params.practiceId,
      changes: body,
      request: meta,
    }),
);
