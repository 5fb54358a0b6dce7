// POST /api/v1/devices/[deviceId]/revoke – end a device's access; it deletes its local data at next contact
import { apiRoute } from '@/lib/api/route';
import { getDatabase } from '@/lib/db/client';
import { revokeDevice } from '@/lib/domain/devices/devices';
import { ZDeviceParams } from '@/lib/domain/devices/schemas';

export const dynamic = 'force-dynamic';

export const POST = apiRoute({ route: '/api/v1/devices/[deviceId]/revoke', auth: 'session', params: ZDeviceParams }, async ({ params, session, meta }) =>
  revokeDevice({ database: await getDatabase(), actor: session, deviceId: params.deviceId, request: meta }),
);
