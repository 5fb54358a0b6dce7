// POST /api/v1/appointment-actions – confirm or cancel an appointment with a reminder link's single-use token (public; the token is the capability)
import { apiRoute } from '@/lib/api/route';
import { getDatabase } from '@/lib/db/client';
import { applyAppointmentAction } from '@/lib/domain/reminders/apply-appointment-action';
import { ZAppointmentActionRequest } from '@/lib/domain/reminders/schemas';

export const dynamic = 'force-dynamic';

// POST with the token in the body (the link carries it in the fragment): it never appears in a URL,
// a log line or a Referer. Rate limited per address by the wrapper like every public route.
export const POST = apiRoute(
  { route: '/api/v1/appointment-actions', auth: 'public', body: ZAppointmentActionRequest },
  async ({ body, meta }) => applyAppointmentAction({ database: await getDatabase(), token: body.token, request: meta }),
);
