// POST /api/v1/session/active-practice – make one of the signed-in person's practices the one this browser shows
// GET /api/v1/session/active-practice – the practice this browser shows and the idle timeout that applies now
import { apiRoute } from '@/lib/api/route';
import { activePracticeIdFromCookieHeader, activePracticeSetCookie } from '@/lib/auth/active-practice';
import { getDatabase } from '@/lib/db/client';
import { chooseActivePractice } from '@/lib/domain/practices/choose-active-practice';
import { findActiveMembership } from '@/lib/domain/practices/find-active-membership';
import { ZSetActivePractice } from '@/lib/domain/practices/schemas';

export const dynamic = 'force-dynamic';

// Answers 204 with the cookie; another practice (or one the person left) is 404 and sets nothing.
// Signing out leaves the cookie in place: it is a preference, and it is checked on every read.
export const POST = apiRoute(
  { route: '/api/v1/session/active-practice', auth: 'session', body: ZSetActivePractice },
  ({ body, session }) => {
    const membership = chooseActivePractice({ actor: session, practiceId: body.practiceId });
    return new Response(null, { status: 204, headers: { 'set-cookie': activePracticeSetCookie(membership.practiceId) } });
  },
);

// The signed-in shell (the app layout) is not rendered again on client-side navigation; an open page
// asks here after each navigation and refreshes itself when another tab switched practice or an
// admin changed the idle timeout (src/components/features/practice-settings/shell-freshness.tsx).
export const GET = apiRoute({ route: '/api/v1/session/active-practice', auth: 'session' }, async ({ request, session }) => {
  const membership = await findActiveMembership({
    database: await getDatabase(),
    actor: session,
    preferredPracticeId: activePracticeIdFromCookieHeader(request.headers.get('cookie')),
  });
  return { practiceId: membership?.practiceId ?? null, idleTimeoutMinutes: session.idleTimeoutMinutes };
});
