// POST /api/v1/appointment-actions/preview – what a reminder link offers, changing nothing (public; the token is the capability)
import { apiRoute } from '@/lib/api/route';
import { getDatabase } from '@/lib/db/client';
import { previewAppointmentAction } from '@/lib/domain/reminders/preview-appointment-action';
import { ZAppointmentActionRequest } from '@/lib/domain/reminders/schemas';

export const dynamic = 'force-dynamic';

export const POST = apiRoute(
  { route: '/api/v1/appointment-actions/preview', auth: 'public', body: ZAppointmentActionRequest },
  async ({ body }) => previewAppointmentAction({ database: await getDatabase(), token: body.token }),
);
