// GET /api/v1/calendar-feeds/[token] – a provider's appointments as an iCalendar subscription (public; the secret token is the capability)
import { apiRoute } from '@/lib/api/route';
import { getDatabase } from '@/lib/db/client';
import { getCalendarFeed } from '@/lib/domain/reminders/get-calendar-feed';
import { ZCalendarFeedParams } from '@/lib/domain/reminders/schemas';

export const dynamic = 'force-dynamic';

// Calendar apps can only subscribe to a URL, so here the secret is in the path. It stays out of our
// logs: the wrapper logs the route pattern, never the concrete path, and the logger redacts `token`.
// `no-store` (the wrapper's default) keeps shared caches from holding a copy.
export const GET = apiRoute(
  { route: '/api/v1/calendar-feeds/[token]', auth: 'public', params: ZCalendarFeedParams },
  async ({ params }) =>
    new Response(await getCalendarFeed({ database: await getDatabase(), token: params.token }), {
      headers: {
        'Content-Type': 'text/calendar; charset=utf-8',
        'Content-Disposition': 'inline; filename="appointments.ics"',
        'Referrer-Policy': 'no-referrer',
      },
    }),
);
