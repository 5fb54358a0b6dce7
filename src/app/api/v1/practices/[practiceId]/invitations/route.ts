// POST /api/v1/practices/[practiceId]/invitations – invite a person by email to join with a role
// GET /api/v1/practices/[practiceId]/invitations – the practice's open invitations (members.invite)
import { apiRoute } from '@/lib/api/route';
import { getConfig } from '@/lib/config/env';
import { getDatabase } from '@/lib/db/client';
import { inviteMember } from '@/lib/domain/invitations/invite-member';
import { listInvitations } from '@/lib/domain/invitations/list-invitations';
import { ZInviteMember } from '@/lib/domain/invitations/schemas';
import { ZPracticeParams } from '@/lib/domain/practices/schemas';

export const dynamic = 'force-dynamic';

export const POST = apiRoute(
  { route: '/api/v1/practices/[practiceId]/invitations', auth: 'session', params: ZPracticeParams, body: ZInviteMember },
  async ({ params, body, session, meta }) =>
    Response.json(
      await inviteMember({
        database: await getDatabase(),
        actor: session,
        practiceId: params.practiceId,
        input: body,
        mail: { appUrl: getConfig().appUrl },
        request: meta,
      }),
      { status: 201 },
    ),
);

export const GET = apiRoute(
  { route: '/api/v1/practices/[practiceId]/invitations', auth: 'session', params: ZPracticeParams },
  async ({ params, session }) => ({
    invitations: await listInvitations({ database: await getDatabase(), actor: session, practiceId: params.practiceId }),
  }),
);
