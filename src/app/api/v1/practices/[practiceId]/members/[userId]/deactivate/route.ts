// POST /api/v1/practices/[practiceId]/members/[userId]/deactivate – deactivate a member and end their sessions
import { apiRoute } from '@/lib/api/route';
import { getDatabase } from '@/lib/db/client';
import { deactivateMember } from '@/lib/domain/members/deactivate-member';
import { ZMemberParams } from '@/lib/domain/members/schemas';

export const dynamic = 'force-dynamic';

export const POST = apiRoute(
  { route: '/api/v1/practices/[practiceId]/members/[userId]/deactivate', auth: 'session', params: ZMemberParams },
  async ({ params, session, meta }) =>
    deactivateMember({ database: await getDatabase(), actor: session, ...params, request: meta }),
);
