// PATCH /api/v1/practices/[practiceId]/members/[userId] – change a member's role
import { apiRoute } from '@/lib/api/route';
import { getDatabase } from '@/lib/db/client';
import { changeMemberRole } from '@/lib/domain/members/change-member-role';
import { ZChangeMemberRole, ZMemberParams } from '@/lib/domain/members/schemas';

export const dynamic = 'force-dynamic';

export const PATCH = apiRoute(
  { route: '/api/v1/practices/[practiceId]/members/[userId]', auth: 'session', params: ZMemberParams, body: ZChangeMemberRole },
  async ({ params, body, session, meta }) =>
    changeMemberRole({
      database: await getDatabase(),
      actor: session,
      ...params,
      role: body.role,
      request: meta,
    }),
);
