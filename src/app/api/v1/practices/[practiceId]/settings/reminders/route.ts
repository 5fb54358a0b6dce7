// GET /api/v1/practices/[practiceId]/settings/reminders – when reminders go out (every member)
// PATCH /api/v1/practices/[practiceId]/settings/reminders – change it, or turn reminders off with null (owner, admin); audited
import { apiRoute } from '@/lib/api/route';
import { getDatabase } from '@/lib/db/client';
import { ZPracticeParams } from '@/lib/domain/practices/schemas';
import { getReminderSettings } from '@/lib/domain/reminders/get-reminder-settings';
import { ZUpdateReminderSettings } from '@/lib/domain/reminders/schemas';
import { updateReminderSettings } from '@/lib/domain/reminders/update-reminder-settings';

export const dynamic = 'force-dynamic';

const ROUTE = '/api/v1/practices/[practiceId]/settings/reminders';

export const GET = apiRoute({ route: ROUTE, auth: 'session', params: ZPracticeParams }, async ({ params, session }) =>
  getReminderSettings({ database: await getDatabase(), actor: session, practiceId: params.practiceId }),
);

export const PATCH = apiRoute({ route: ROUTE, auth: 'session', params: ZPracticeParams, body: ZUpdateReminderSettings }, async ({ params, body, session, meta }) =>
  updateReminderSettings({ database: await getDatabase(), actor: session, practiceId: params.practiceId, changes: body, request: meta }),
);
