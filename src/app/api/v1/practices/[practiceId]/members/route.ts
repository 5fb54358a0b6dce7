// GET /api/v1/practices/[practiceId]/members – the practice's staff, roles and status
import { apiRoute } from '@/lib/api/route';
import { getDatabase } from '@/lib/db/client';
import { ZPracticeParams } from '@/lib/domain/practices/schemas';
import { listPracticeMembers } from '@/lib/domain/members/list-practice-members';

export const dynamic = 'force-dynamic';

export const GET = apiRoute(
  { route: '/api/v1/practices/[practiceId]/members', auth: 'session', params: ZPracticeParams },
  async ({ params, session }) => ({
    members: await listPracticeMembers({ database: await getDatabase(), actor: session, practiceId: params.practiceId }),
  }),
);
