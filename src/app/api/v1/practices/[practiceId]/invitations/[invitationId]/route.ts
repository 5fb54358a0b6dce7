// DELETE /api/v1/practices/[practiceId]/invitations/[invitationId] – revoke an open invitation (its link stops working)
import { apiRoute } from '@/lib/api/route';
import { getDatabase } from '@/lib/db/client';
import { revokeInvitation } from '@/lib/domain/invitations/revoke-invitation';
import { ZInvitationParams } from '@/lib/domain/invitations/schemas';

export const dynamic = 'force-dynamic';

export const DELETE = apiRoute(
  { route: '/api/v1/practices/[practiceId]/invitations/[invitationId]', auth: 'session', params: ZInvitationParams },
  async ({ params, session, meta }) =>
    revokeInvitation({ database: await getDatabase(), actor: session, ...params, request: meta }),
);
