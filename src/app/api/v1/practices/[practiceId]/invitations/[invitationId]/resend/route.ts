// POST /api/v1/practices/[practiceId]/invitations/[invitationId]/resend – new link and expiry, email sent again
import { apiRoute } from '@/lib/api/route';
import { getConfig } from '@/lib/config/env';
import { getDatabase } from '@/lib/db/client';
import { resendInvitation } from '@/lib/domain/invitations/resend-invitation';
import { ZInvitationParams } from '@/lib/domain/invitations/schemas';

export const dynamic = 'force-dynamic';

export const POST = apiRoute(
  { route: '/api/v1/practices/[practiceId]/invitations/[invitationId]/resend', auth: 'session', params: ZInvitationParams },
  async ({ params, session, meta }) =>
    resendInvitation({
      database: await getDatabase(),
      actor: session,
      ...params,
      mail: { appUrl: getConfig().appUrl },
      request: meta,
    }),
);
