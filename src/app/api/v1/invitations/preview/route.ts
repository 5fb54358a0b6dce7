// POST /api/v1/invitations/preview – what an invitation link offers (public; the token is the capability)
import { apiRoute } from '@/lib/api/route';
import { getDatabase } from '@/lib/db/client';
import { findInvitationByToken } from '@/lib/domain/invitations/find-invitation-by-token';
import { ZPreviewInvitation } from '@/lib/domain/invitations/schemas';

export const dynamic = 'force-dynamic';

// POST, not GET, so the token travels in the body and never in a URL, a log line or a Referer.
// Public, and rate limited per address by the wrapper like every route.
export const POST = apiRoute(
  { route: '/api/v1/invitations/preview', auth: 'public', body: ZPreviewInvitation },
  async ({ body, session }) =>
    findInvitationByToken({ database: await getDatabase(), token: body.token, viewer: session === null ? null : { email: session.user.email } }),
);
