// POST /api/v1/invitations/accept – join a practice through an invitation link (signed in, or creating an account)
import { apiRoute } from '@/lib/api/route';
import { activePracticeSetCookie } from '@/lib/auth/active-practice';
import { getAuth } from '@/lib/auth/auth';
import { getDatabase } from '@/lib/db/client';
import { acceptInvitation } from '@/lib/domain/invitations/accept-invitation';
import { ZAcceptInvitation } from '@/lib/domain/invitations/schemas';

export const dynamic = 'force-dynamic';

export const POST = apiRoute(
  { route: '/api/v1/invitations/accept', auth: 'public', body: ZAcceptInvitation },
  async ({ request, body, session, meta }) => {
    const { result, setCookies } = await acceptInvitation({
      database: await getDatabase(),
      auth: await getAuth(),
      input: body,
      viewer: session === null ? null : { userId: session.userId, email: session.user.email },
      headers: request.headers,
      request: meta,
    });
    const response = Response.json(result, { status: result.accountCreated ? 201 : 200 });
    for (const cookie of setCookies) {
      response.headers.append('Set-Cookie', cookie);
    }
    // Someone who just joined wants to see the practice they joined, not another of theirs.
    response.headers.append('Set-Cookie', activePracticeSetCookie(result.practiceId));
    return response;
  },
);
